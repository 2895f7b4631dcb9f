"""Refusals of the customers and members domain, named as sentences."""

from aftersales.errors import Conflict, Forbidden, InvalidInput, NotFound


class CustomerNotFound(NotFound):
    code = "customer_not_found"
    message_zh = "未找到该顾客"
    message_en = "No such customer"


class SearchTooShort(InvalidInput):
    code = "search_too_short"
    message_zh = "请至少输入 3 个字符"
    message_en = "Enter at least 3 characters"


class PhoneTaken(Conflict):
    code = "phone_taken"
    message_zh = "该电话号码已属于另一位顾客"
    message_en = "This phone number belongs to another customer"


class ChannelRequired(InvalidInput):
    code = "channel_required"
    message_zh = "请选择顾客表示同意或撤回的方式"
    message_en = "Say how the customer gave or withdrew consent"


class MemberNotFound(NotFound):
    code = "member_not_found"
    message_zh = "未找到该会员"
    message_en = "No such member"


class MemberNumberTaken(Conflict):
    code = "member_no_taken"
    message_zh = "该会员号已属于另一位顾客"
    message_en = "This member number belongs to another customer"


class AlreadyMember(Conflict):
    code = "already_member"
    message_zh = "该顾客已是会员"
    message_en = "This customer is already a member"


class NotEnoughPoints(InvalidInput):
    code = "not_enough_points"
    message_zh = "积分余额不足"
    message_en = "More points than the balance"


class ReasonRequired(InvalidInput):
    code = "reason_required"
    message_zh = "请填写调整原因"
    message_en = "Give the reason for the adjustment"


class NotAllowed(Forbidden):
    code = "forbidden"


class ReferralLoop(InvalidInput):
    code = "referral_loop"
    message_zh = "会员不能由自己或自己介绍的人推荐"
    message_en = "A member cannot be referred by themselves or by someone they referred"


class VoucherNotUsable(Conflict):
    code = "voucher_not_usable"
    message_zh = "该礼券不存在、已使用或已过期"
    message_en = "No such voucher, or it was used or has expired"


class CareTaskNotFound(NotFound):
    code = "care_task_not_found"
    message_zh = "未找到该回访任务，或已完成"
    message_en = "No such open care task"


class AlreadyErased(Conflict):
    code = "already_erased"
    message_zh = "该顾客的个人信息已删除"
    message_en = "This customer was already erased"


class MergeRefused(Conflict):
    code = "merge_refused"
    message_zh = "该记录已合并过，或合并已撤销"
    message_en = "This record was already merged, or the merge was already undone"


class EventNotFound(NotFound):
    code = "priority_event_not_found"
    message_zh = "未找到该优先购买活动"
    message_en = "No such priority purchase event"
