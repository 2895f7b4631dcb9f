"""The 三包 policy engine: pure, no database, no clock.

request = parse_request(data)                  # RequestInvalid on bad input
decision = decide(request, policy_set=active_policy_set(), calendar=cal)
answer = decision_to_dict(decision, lang="zh")  # the contract's JSON shape
"""

from .active import active_policy_set, reload
from .decision import Allowed, Decision, Refused
from .errors import PolicyFileError, RequestInvalid
from .evaluate import decide
from .loader import load_policy_dir, load_policy_texts
from .model import Outcome, PolicySet, Remedy
from .render import decision_to_dict
from .request import DecisionRequest, parse_request

__all__ = [
    "Allowed",
    "Decision",
    "DecisionRequest",
    "Outcome",
    "PolicyFileError",
    "PolicySet",
    "Refused",
    "Remedy",
    "RequestInvalid",
    "active_policy_set",
    "decide",
    "decision_to_dict",
    "load_policy_dir",
    "load_policy_texts",
    "parse_request",
    "reload",
]
