"""Refusals of the survey pages, named as sentences."""

from aftersales.errors import Conflict, DomainError, InvalidInput, NotFound


class SurveyLinkInvalid(NotFound):
    code = "survey_link_invalid"
    message_en = "This survey link is not valid"


class SurveyAlreadyAnswered(Conflict):
    code = "survey_already_answered"
    message_en = "This survey was already answered; thank you"


class SurveyExpired(DomainError):
    status = 410
    code = "survey_expired"
    message_en = "This survey link has expired (links last 30 days)"


class ScoreOutOfRange(InvalidInput):
    code = "score_out_of_range"
    message_en = "Choose a score from 1 to 5"
