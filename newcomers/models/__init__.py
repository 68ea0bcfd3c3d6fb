from newcomers.models.account import INTERESTS, Account, NewcomerProfile
from newcomers.models.consent import PURPOSES, ConsentRecord
from newcomers.models.enquiry import Enquiry, EnquiryAnswer, EnquiryStatus
from newcomers.models.signin import AccountSession, SignInLink

__all__ = [
    "INTERESTS",
    "PURPOSES",
    "Account",
    "AccountSession",
    "ConsentRecord",
    "Enquiry",
    "EnquiryAnswer",
    "EnquiryStatus",
    "NewcomerProfile",
    "SignInLink",
]
