from newcomers.models.account import INTERESTS, Account, NewcomerProfile
from newcomers.models.consent import PURPOSES, ConsentRecord
from newcomers.models.mentor import Mentor, MentorMatch, MentorRequest
from newcomers.models.signin import AccountSession, SignInLink

__all__ = [
    "INTERESTS",
    "PURPOSES",
    "Account",
    "AccountSession",
    "ConsentRecord",
    "Mentor",
    "MentorMatch",
    "MentorRequest",
    "NewcomerProfile",
    "SignInLink",
]
