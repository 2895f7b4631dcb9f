"""Refusals of the customers and members domain, named as sentences."""

from aftersales.errors import Conflict, Forbidden, InvalidInput, NotFound


class CustomerNotFound(NotFound):
    code = "customer_not_found"
    message_en = "No such customer"


class SearchTooShort(InvalidInput):
    code = "search_too_short"
    message_en = "Enter at least 3 characters"


class PhoneTaken(Conflict):
    code = "phone_taken"
    message_en = "This phone number belongs to another customer"


class ChannelRequired(InvalidInput):
    code = "channel_required"
    message_en = "Say how the customer gave or withdrew consent"


class MemberNotFound(NotFound):
    code = "member_not_found"
    message_en = "No such member"


class MemberNumberTaken(Conflict):
    code = "member_no_taken"
    message_en = "This member number belongs to another customer"


class AlreadyMember(Conflict):
    code = "already_member"
    message_en = "This customer is already a member"


class NotEnoughPoints(InvalidInput):
    code = "not_enough_points"
    message_en = "More points than the balance"


class ReasonRequired(InvalidInput):
    code = "reason_required"
    message_en = "Give the reason for the adjustment"


class NotAllowed(Forbidden):
    code = "forbidden"


class ReferralLoop(InvalidInput):
    code = "referral_loop"
    message_en = "A member cannot be referred by themselves or by someone they referred"


class VoucherNotUsable(Conflict):
    code = "voucher_not_usable"
    message_en = "No such voucher, or it was used or has expired"


class CareTaskNotFound(NotFound):
    code = "care_task_not_found"
    message_en = "No such open care task"


class AlreadyErased(Conflict):
    code = "already_erased"
    message_en = "This customer was already erased"


class MergeRefused(Conflict):
    code = "merge_refused"
    message_en = "This record was already merged, or the merge was already undone"


class EventNotFound(NotFound):
    code = "priority_event_not_found"
    message_en = "No such priority purchase event"
