from newcomers.models.account import INTERESTS, Account, NewcomerProfile
from newcomers.models.consent import PURPOSES, ConsentRecord
from newcomers.models.digest import DigestSent
from newcomers.models.signin import AccountSession, SignInLink

__all__ = [
    "INTERESTS",
    "PURPOSES",
    "Account",
    "AccountSession",
    "ConsentRecord",
    "DigestSent",
    "NewcomerProfile",
    "SignInLink",
]
