"""Expected refusals of the claims domain, each a 4xx with a stable code."""

from aftersales.errors import Conflict, Forbidden, InvalidInput, NotFound


class ClaimNotFound(NotFound):
    code = "claim_not_found"
    message_zh = "未找到该售后申请"
    message_en = "Claim not found"


class SkuNotOnReceipt(InvalidInput):
    code = "sku_not_on_receipt"
    message_zh = "该小票上没有这个商品"
    message_en = "This SKU is not on the receipt"


class ProofRequired(InvalidInput):
    code = "proof_required"
    message_zh = "没有小票时需要店员证明或会员购买记录"
    message_en = "Without a receipt, a staff attestation or a member record is needed"


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"
    message_zh = "当前状态下不能进行此操作"
    message_en = "Not possible in the current state"


class RemedyNotGranted(InvalidInput):
    code = "remedy_not_granted"
    message_zh = "政策决定未给予该处理方式"
    message_en = "The decision did not grant this remedy"


class RefundAboveAllowed(InvalidInput):
    code = "refund_above_allowed"
    message_zh = "退款金额超过政策决定允许的金额"
    message_en = "The refund is more than the decision allowed"


class OverrideNotAllowed(Forbidden):
    code = "override_not_allowed"
    message_zh = "只有现场主管及以上可以改判"
    message_en = "Only a floor supervisor or higher may override a decision"


class ReasonRequired(InvalidInput):
    code = "reason_required"
    message_zh = "请写明理由"
    message_en = "A written reason is required"


class StockNotFound(NotFound):
    code = "returned_stock_not_found"
    message_zh = "未找到该退货入库记录"
    message_en = "Returned stock not found"


class StockAlreadyConfirmed(Conflict):
    code = "returned_stock_confirmed"
    message_zh = "该退货已确认入库"
    message_en = "This returned item was already confirmed"
