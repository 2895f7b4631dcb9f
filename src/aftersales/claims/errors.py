"""Expected refusals of the claims domain, each a 4xx with a stable code."""

from aftersales.errors import Conflict, Forbidden, InvalidInput, NotFound


class ClaimNotFound(NotFound):
    code = "claim_not_found"
    message_en = "Claim not found"


class SkuNotOnReceipt(InvalidInput):
    code = "sku_not_on_receipt"
    message_en = "This SKU is not on the receipt"


class ProofRequired(InvalidInput):
    code = "proof_required"
    message_en = "Without a receipt, a staff attestation or a member record is needed"


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"
    message_en = "Not possible in the current state"


class RemedyNotGranted(InvalidInput):
    code = "remedy_not_granted"
    message_en = "The decision did not grant this remedy"


class RefundAboveAllowed(InvalidInput):
    code = "refund_above_allowed"
    message_en = "The refund is more than the decision allowed"


class OverrideNotAllowed(Forbidden):
    code = "override_not_allowed"
    message_en = "Only a floor supervisor or higher may override a decision"


class ReasonRequired(InvalidInput):
    code = "reason_required"
    message_en = "A written reason is required"


class StockNotFound(NotFound):
    code = "returned_stock_not_found"
    message_en = "Returned stock not found"


class StockAlreadyConfirmed(Conflict):
    code = "returned_stock_confirmed"
    message_en = "This returned item was already confirmed"
