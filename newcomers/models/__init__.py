from newcomers.models.account import INTERESTS, Account, NewcomerProfile
from newcomers.models.ambassador import ContactKind, ContactRecord
from newcomers.models.consent import PURPOSES, ConsentRecord
from newcomers.models.coupon import Claim, Coupon, CouponStatus, Shop, ShopStaff
from newcomers.models.dashboard import DepartedAccount
from newcomers.models.digest import DigestSent
from newcomers.models.enquiry import Enquiry, EnquiryAnswer, EnquiryStatus
from newcomers.models.meetup import Meetup, MeetupParticipant, MeetupReport
from newcomers.models.mentor import Mentor, MentorMatch, MentorRequest
from newcomers.models.push import (
    Delivery,
    Invitation,
    InvitationOptOut,
    PushSubscription,
)
from newcomers.models.signin import AccountSession, SignInLink

__all__ = [
    "INTERESTS",
    "PURPOSES",
    "Account",
    "AccountSession",
    "Claim",
    "ConsentRecord",
    "ContactKind",
    "ContactRecord",
    "DepartedAccount",
    "Delivery",
    "Coupon",
    "CouponStatus",
    "DigestSent",
    "Enquiry",
    "EnquiryAnswer",
    "EnquiryStatus",
    "Invitation",
    "InvitationOptOut",
    "Meetup",
    "MeetupParticipant",
    "MeetupReport",
    "Mentor",
    "MentorMatch",
    "MentorRequest",
    "NewcomerProfile",
    "PushSubscription",
    "Shop",
    "ShopStaff",
    "SignInLink",
]
