"""The demo site: one partnership with children, families and friendships in every state.

Deterministic (Faker ``da_DK`` with a fixed seed) and idempotent: a second run
finds the demo users and leaves everything as it is. The demo logins (one per
role) have the password ``DEMO_PASSWORD``; roles that need a second factor get
a TOTP device with a fixed secret so the login can be demonstrated.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp
from faker import Faker

from hjemtilos.accounts.models import AuthenticatorDevice, Role, User
from hjemtilos.demo import builders, year
from hjemtilos.demo.matching_demo import build_matching_demo
from hjemtilos.demo.matching_facts import INTERESTS
from hjemtilos.demo.support import build_demo_support
from hjemtilos.demo.surveys_demo import build_survey_demo
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.friendships.dates import anniversary_of
from hjemtilos.friendships.models import EndedBy, EndReason, FriendshipStatus
from hjemtilos.friendships.services.month_figures import month_figures_rebuild
from hjemtilos.organisations.models import (
    Municipality,
    PostalCode,
    Site,
    SiteMembership,
    SiteTarget,
)
from hjemtilos.referrals.models import FamilyChildrenWish, NeedTag, PetsWish, ReferralStatus
from hjemtilos.volunteers.models import (
    Certificate,
    CertificateKind,
    CertificateResult,
    HouseholdMember,
    RecruitmentChannel,
    Transport,
    VolunteerFamily,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.services import family_vetting_refresh

SEED = 2026
DEMO_PASSWORD = "hjemtilos-demo"  # noqa: S105 - published in the README on purpose
DEMO_DOMAIN = "demo.example.org"
DEMO_SITE_NAME = "Hjem til Os København"
OTHER_SITE_NAME = "Hjem til Os Aarhus"


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    first_name: str
    last_name: str


DEMO_LOGINS = [
    DemoLogin(Role.STAFF, f"staff@{DEMO_DOMAIN}", "Sofie", "Lund"),
    DemoLogin(Role.ADVISORY, f"advisory@{DEMO_DOMAIN}", "Anne", "Krogh"),
    DemoLogin(Role.ADMINISTRATOR, f"admin@{DEMO_DOMAIN}", "Ali", "Demir"),
    DemoLogin(Role.CASEWORKER, f"caseworker@{DEMO_DOMAIN}", "Karen", "Holm"),
    DemoLogin(Role.VOLUNTEER, f"volunteer@{DEMO_DOMAIN}", "Mette", "Skov"),
    DemoLogin(Role.PARENT, f"parent@{DEMO_DOMAIN}", "Fatima", "Ahmadi"),
    DemoLogin(Role.EVALUATOR, f"evaluator@{DEMO_DOMAIN}", "Erik", "Vang"),
]

LOGBOOK_TEXTS = [
    "Vi bagte boller, og hun var stolt af at vise dem til sin mor.",
    "Tur i skoven. Han fandt en stor pind og byggede en hule med vores søn.",
    "Stille dag. Vi spillede brætspil og spiste aftensmad sammen.",
    "Hun var lidt ked af det, da vi hentede hende. "
    "Det gik bedre, da vi kom hjem og fodrede kaninen.",
    "Vi var i svømmehallen. Han tør nu hoppe fra kanten.",
    "Vi lavede pizza, og hun bestemte selv fyldet. Hun fortalte om sin nye veninde i klassen.",
    "Han spurgte, om han må komme på sin fødselsdag. Vi aftalte at tale med hans mor.",
    "Cykeltur til stranden. Det blæste meget, men han syntes, det var sjovt.",
    "Hun hjalp med at dække bord og sagde, at hun glæder sig til næste gang.",
    "Vi tegnede og så en film. Han faldt i søvn i sofaen inden vi kørte ham hjem.",
    "Aflyst i sidste uge pga. sygdom, så det var dejligt at ses igen. Hun havde meget at fortælle.",
    "Vi var på biblioteket og lånte bøger om dinosaurer.",
]
NEEDS_TEXTS = [
    "Har svært ved overgange og har brug for at vide, hvad der skal ske.",
    "Diagnosticeret med ADHD. Har brug for tydelige rammer og pauser.",
    "Er genert i starten, men åbner op, når hun er tryg.",
    "Mor er alene og har begrænset netværk. Barnet savner voksne at lave aktiviteter med.",
    "Autisme. Trives med forudsigelighed og få mennesker ad gangen.",
    "Angst i nye situationer. Har gavn af rolige voksne og genkendelige aktiviteter.",
    "Taler mest arabisk hjemme; dansk er under udvikling.",
]

WISHES_TEXTS = [
    "",
    "En familie, der kan lide at være ude i naturen.",
    "Gerne en familie med have, hvor der er plads til at lege.",
    "Barnet vil gerne bage og lave mad sammen med nogen.",
    "",
]
HOME_VISIT_NOTES = [
    {
        "attendees": "Mor, barnet og kontaktpersonen",
        "child_wishes": "Jeg vil gerne have en familie med en hund, og hvor man må spille fodbold.",
        "motivation": "Mor ønsker et fast holdepunkt for barnet og lidt mere overskud i hverdagen.",
        "expectations": "At barnet får en voksen mere at spejle sig i og gode oplevelser.",
        "family_needs": "Ro og faste rammer efter skole; mor arbejder sent to dage om ugen.",
        "notes": "Barnet var genert i starten, men viste stolt sit værelse frem.",
    },
    {
        "attendees": "Far, barnet, storesøster og kontaktpersonen",
        "child_wishes": "Nogen der kan lide at tegne og læse højt.",
        "motivation": "Far vil gerne have, at barnet oplever et andet familieliv.",
        "expectations": "Ugentlige besøg og at det bliver til et varigt venskab.",
        "family_needs": "Hjælp til at give barnet et frirum fra bekymringer derhjemme.",
        "notes": "Tolk var med pr. telefon. God stemning.",
    },
]
CASEWORKER_NOTES = [
    "Mor kan bedst træffes efter kl. 15.",
    "Familien har en sag efter §32; kontakt mig gerne, hvis I har spørgsmål.",
    "Barnet går i SFO til kl. 16 de fleste dage.",
]

# How many children stand in each state on the demo site.
REFERRAL_COUNTS: list[tuple[str, int]] = [
    (ReferralStatus.DRAFT, 2),
    (ReferralStatus.SUBMITTED, 3),
    (ReferralStatus.RECEIVED, 3),
    (ReferralStatus.HOME_VISIT_PLANNED, 2),
    (ReferralStatus.HOME_VISIT_HELD, 2),
    (ReferralStatus.READY_FOR_MATCHING, 5),
    (ReferralStatus.ON_HOLD, 1),
    (ReferralStatus.WITHDRAWN, 2),
    (ReferralStatus.NOT_ELIGIBLE, 1),
]
FAMILY_COUNTS: list[tuple[str, int]] = [
    (VolunteerFamilyStatus.APPLIED, 3),
    (VolunteerFamilyStatus.INTERVIEW_PLANNED, 2),
    (VolunteerFamilyStatus.INTERVIEWED, 2),
    (VolunteerFamilyStatus.VETTING, 3),
    (VolunteerFamilyStatus.APPROVED, 3),
    (VolunteerFamilyStatus.WITHDRAWN, 1),
    (VolunteerFamilyStatus.REJECTED, 1),
]
RUNNING_FRIENDSHIPS = 10
COMPLETED_FRIENDSHIPS = 8
ENDED_EARLY_FRIENDSHIPS = 2


def totp_secret(email: str) -> bytes:
    """A fixed 20-byte TOTP secret per demo login, so printed codes stay valid across runs."""
    return hashlib.sha256(f"hjemtilos-demo-totp:{email}".encode()).digest()[:20]


def totp_base32(email: str) -> str:
    return base64.b32encode(totp_secret(email)).decode("ascii").rstrip("=")


def otpauth_uri(email: str) -> str:
    issuer = quote("Hjem til Os (demo)")
    return (
        f"otpauth://totp/{issuer}:{quote(email)}?secret={totp_base32(email)}"
        f"&issuer={issuer}&digits=6&period=30"
    )


def demo_exists() -> bool:
    return User.objects.filter(email=DEMO_LOGINS[0].email).exists()


class _DemoBuilder:
    def __init__(self) -> None:
        self.fake = Faker("da_DK")
        self.fake.seed_instance(SEED)
        self.random = random.Random(SEED)
        self.today = timezone.localdate()

    # People -------------------------------------------------------------

    def logins(self, site: Site, kobenhavn: Municipality) -> dict[Role, User]:
        users: dict[Role, User] = {}
        for login in DEMO_LOGINS:
            user = User.objects.create_user(
                email=login.email,
                password=DEMO_PASSWORD,
                first_name=login.first_name,
                last_name=login.last_name,
                role=login.role,
                municipality=kobenhavn if login.role == Role.CASEWORKER else None,
                phone=f"+45 {self.random.randint(20, 99)} {self.random.randint(10, 99)} "
                f"{self.random.randint(10, 99)} {self.random.randint(10, 99)}",
                is_staff=login.role == Role.ADMINISTRATOR,
                is_superuser=login.role == Role.ADMINISTRATOR,
            )
            if user.needs_second_factor:
                AuthenticatorDevice.objects.create(
                    user=user, name="Demo", confirmed=True, key=totp_secret(login.email).hex()
                )
            users[login.role] = user
        SiteMembership.objects.create(site=site, user=users[Role.STAFF], is_lead=True)
        return users

    def extra_user(self, role: Role, **extra: Any) -> User:
        first, last = self.fake.first_name(), self.fake.last_name()
        slug = f"{first}.{last}".lower().replace(" ", "").replace("æ", "ae").replace("ø", "oe")
        return User.objects.create_user(
            email=f"{slug.replace('å', 'aa')}.{self.random.randint(10, 99)}@{DEMO_DOMAIN}",
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            role=role,
            **extra,
        )

    def postal_code(self, site: Site) -> PostalCode:
        codes = list(PostalCode.objects.filter(municipality=site.municipality_id).order_by("code"))
        return self.random.choice(codes)

    def dob(self, min_age: int, max_age: int) -> date:
        return self.today - timedelta(days=self.random.randint(min_age * 365 + 30, max_age * 365))

    # Records ------------------------------------------------------------

    def referral(
        self,
        site: Site,
        caseworker: User,
        status: str,
        staff: User,
        started: datetime | None = None,
        **extra: Any,
    ) -> Any:
        last = self.fake.last_name()
        tags = self.random.sample([t.value for t in NeedTag], k=self.random.randint(0, 2))
        referral = builders.build_referral(
            site=site,
            caseworker=caseworker,
            status=status,
            first_name=self.fake.first_name(),
            last_name=last,
            date_of_birth=self.dob(site.child_min_age, site.child_max_age),
            needs=self.random.choice(NEEDS_TEXTS),
            guardian=extra.pop(
                "guardian",
                {
                    "first_name": self.fake.first_name_female(),
                    "last_name": last,
                    "phone": f"+45{self.random.randint(20_00_00_00, 99_99_99_99)}",
                    "email": f"{last.lower()}{self.random.randint(1, 99)}@example.com",
                },
            ),
            started=started or timezone.now() - timedelta(days=self.days_since_start(status)),
            by=staff,
            street_address=self.fake.street_address(),
            postal_code=self.postal_code(site),
            school=f"{self.fake.last_name()} Skole",
            school_postal_code=self.postal_code(site),
            languages=self.random.choice(["dansk", "dansk, arabisk", "dansk, somali", "dansk"]),
            interests=", ".join(self.random.sample(INTERESTS, k=3)),
            need_tags=tags,
            referral_fields={
                "wish_family_children": self.random.choice(FamilyChildrenWish.values),
                "wish_father_figure": self.random.random() < 0.3,
                "wish_pets": self.random.choice(PetsWish.values),
                "allergies": self.random.choice(["", "", "", "nødder", "katte", "gluten"]),
                "wishes": self.random.choice(WISHES_TEXTS),
            },
            **extra,
        )
        builders.build_intake(
            referral,
            by=staff,
            home_visit=self.random.choice(HOME_VISIT_NOTES),
            notes=[(caseworker, self.random.choice(CASEWORKER_NOTES))]
            if self.random.random() < 0.4
            else [],
        )
        return referral

    def days_since_start(self, status: str) -> int:
        """How long ago a referral at ``status`` was begun: intake takes weeks, not years.

        The builder spaces the history's steps a week apart, so the start lies
        at least a week per step back.
        """
        steps: dict[str, int] = {
            ReferralStatus.DRAFT: 0,
            ReferralStatus.SUBMITTED: 1,
            ReferralStatus.RECEIVED: 2,
            ReferralStatus.HOME_VISIT_PLANNED: 3,
            ReferralStatus.HOME_VISIT_HELD: 4,
            ReferralStatus.ON_HOLD: 3,
        }
        if status in steps:
            return 7 * steps[status] + self.random.randint(1, 6)
        if status == ReferralStatus.READY_FOR_MATCHING:
            return 7 * 5 + self.random.randint(1, 80)
        return self.random.randint(60, 400)

    def family(self, site: Site, status: str, staff: User) -> VolunteerFamily:
        last = self.fake.last_name()
        members = [
            {
                "first_name": self.fake.first_name_male(),
                "last_name": last,
                "date_of_birth": self.dob(30, 60),
                "email": f"{last.lower()}.{self.random.randint(1, 999)}@example.net",
                "phone": f"+45{self.random.randint(20_00_00_00, 99_99_99_99)}",
            },
            {
                "first_name": self.fake.first_name_female(),
                "last_name": last,
                "date_of_birth": self.dob(30, 60),
                "email": f"{last.lower()}.{self.random.randint(1, 999)}@example.org",
                "phone": f"+45{self.random.randint(20_00_00_00, 99_99_99_99)}",
            },
        ]
        members.extend(
            {
                "first_name": self.fake.first_name(),
                "last_name": last,
                "date_of_birth": self.dob(1, 19),
            }
            for _ in range(self.random.randint(0, 3))
        )
        return builders.build_volunteer_family(
            site=site,
            status=status,
            name=f"Familien {last}",
            members=members,
            applied=timezone.now() - timedelta(days=self.random.randint(30, 500)),
            by=staff,
            street_address=self.fake.street_address(),
            postal_code=self.postal_code(site),
            recruitment_channel=self.random.choice(RecruitmentChannel.values),
            transport=self.random.choice(Transport.values),
            weekdays=sorted(self.random.sample(range(5), k=self.random.randint(1, 3))),
            motivation="Vi har plads i hjertet og hjemmet og vil gerne gøre en forskel.",
            activities=", ".join(self.random.sample(INTERESTS, k=3)),
            contact_person=staff,
        )

    def vetting_steps(self, families: dict[str, list[VolunteerFamily]], staff: User) -> None:
        """Families at every vetting step, as staff would find them on a real site."""
        for family in families.get(VolunteerFamilyStatus.APPLIED, []):
            follow_up_task_create(
                site=family.site,
                kind=FollowUpKind.FAMILY_INTERVIEW,
                title=f"Ny ansøgning: ring til {family.name} og planlæg hjemmesamtalen",
                due_on=self.today + timedelta(days=self.random.randint(2, 12)),
                owner=staff,
                by=None,
                volunteer_family=family,
                dedupe_key=f"family_interview:{family.pk}",
            )
        for family in families.get(VolunteerFamilyStatus.INTERVIEW_PLANNED, []):
            day = self.today + timedelta(days=self.random.randint(2, 10))
            builders.build_interview(
                family,
                held_on=None,
                by=staff,
                planned_for=timezone.make_aware(datetime.combine(day, time(17, 0))),
            )
        for family in families.get(VolunteerFamilyStatus.INTERVIEWED, []):
            builders.build_vetting_progress(
                family, by=staff, certificates_received=False, courses=False
            )
        vetting = families.get(VolunteerFamilyStatus.VETTING, [])
        if vetting:
            # Only the adults' acceptance of the code of conduct is missing.
            builders.build_vetting_progress(vetting[0], by=staff)
        if len(vetting) > 1:
            # A criminal-record certificate with remarks, waiting for staff's decision.
            builders.build_vetting_progress(vetting[1], by=staff, acceptances=True)
            adult = vetting[1].members.order_by("date_of_birth").first()
            if adult is not None:
                Certificate.objects.create(
                    member=adult,
                    kind=CertificateKind.CRIMINAL_RECORD,
                    requested_on=self.today - timedelta(days=12),
                    received_on=self.today - timedelta(days=2),
                    result=CertificateResult.REMARKS,
                    recorded_by=staff,
                )
        if len(vetting) > 2:
            # Everything in place, but a son turns 15 in five days and will need certificates.
            family = vetting[2]
            birthday = self.today + timedelta(days=5)
            HouseholdMember.objects.create(
                family=family,
                first_name=self.fake.first_name_male(),
                last_name=family.name.removeprefix("Familien "),
                date_of_birth=birthday.replace(year=birthday.year - 15)
                if not (birthday.month == 2 and birthday.day == 29)
                else birthday.replace(year=birthday.year - 15, day=28),
            )
            builders.build_vetting_progress(family, by=staff, acceptances=True)
        family_vetting_refresh([f.pk for group in families.values() for f in group])

    def build(self) -> dict[Role, User]:
        kobenhavn = Municipality.objects.get(code=101)
        site, _ = Site.objects.get_or_create(
            name=DEMO_SITE_NAME, defaults={"municipality": kobenhavn}
        )
        other_site, _ = Site.objects.get_or_create(
            name=OTHER_SITE_NAME, defaults={"municipality": Municipality.objects.get(code=751)}
        )
        # Targets for the status report's default period (this year and the two before).
        for year_back, started in ((2, 18), (1, 20), (0, 22)):
            SiteTarget.objects.get_or_create(
                site=site,
                year=self.today.year - year_back,
                defaults={"friendships_started": started, "families_approved": started + 3},
            )
        users = self.logins(site, kobenhavn)
        staff = users[Role.STAFF]
        colleague = self.extra_user(Role.STAFF)
        SiteMembership.objects.create(site=site, user=colleague)
        caseworkers = [
            users[Role.CASEWORKER],
            self.extra_user(Role.CASEWORKER, municipality=kobenhavn),
        ]

        for status, count in REFERRAL_COUNTS:
            for i in range(count):
                self.referral(site, caseworkers[i % 2], status, staff)
        families: dict[str, list[VolunteerFamily]] = {}
        for status, count in FAMILY_COUNTS:
            for _ in range(count):
                families.setdefault(status, []).append(self.family(site, status, staff))
        self.vetting_steps(families, staff)

        # Friendships: running ones with families still matched; completed
        # and ended-early ones whose families now rest or are free again.
        plans = (
            [(FriendshipStatus.RUNNING, VolunteerFamilyStatus.MATCHED)] * RUNNING_FRIENDSHIPS
            + [
                (
                    FriendshipStatus.COMPLETED,
                    VolunteerFamilyStatus.RESTING if i % 2 else VolunteerFamilyStatus.APPROVED,
                )
                for i in range(COMPLETED_FRIENDSHIPS)
            ]
            + [(FriendshipStatus.ENDED_EARLY, VolunteerFamilyStatus.RESTING)]
            * ENDED_EARLY_FRIENDSHIPS
        )
        # The site's school holidays first: the visit calendars mark them.
        for a_site in (site, other_site):
            builders.build_school_holidays(
                a_site, years=range(self.today.year - 2, self.today.year + 2)
            )
        built: list[Any] = []
        for number, (friendship_status, family_status) in enumerate(plans):
            extra: dict[str, Any] = {}
            if number == 0:
                # The demo parent's child, befriended by the demo volunteer's family.
                parent = users[Role.PARENT]
                extra["guardian"] = {
                    "first_name": parent.first_name,
                    "last_name": parent.last_name,
                    "phone": parent.phone,
                    "email": parent.email,
                    "user": parent,
                }
            family = self.family(site, family_status, staff)
            if number == 0:
                adult = family.members.order_by("date_of_birth")[0]
                volunteer = users[Role.VOLUNTEER]
                adult.user = volunteer
                adult.first_name, adult.last_name = volunteer.first_name, volunteer.last_name
                adult.email = volunteer.email or ""
                adult.save()
                family.name = f"Familien {volunteer.last_name}"
                family.save(update_fields=["name"])
            fields: dict[str, Any] = {}
            if friendship_status == FriendshipStatus.RUNNING:
                started_on = self.today - timedelta(weeks=self.random.randint(3, 45))
                # Visit days spread over the school week, not all on today's weekday: on
                # some weekdays no public holiday falls in a whole year (a Tuesday in
                # 2026-27), and the demo is to show visits moved for holidays.
                started_on -= timedelta(days=(started_on.weekday() - number % 5) % 7)
                # The demo pair is at 10 months (the future agreement opens in the
                # portal); the next one's future agreement is under way.
                started_on = year.running_start(number, started_on)
            elif friendship_status == FriendshipStatus.COMPLETED:
                started_on = self.today - timedelta(weeks=self.random.randint(54, 100))
                fields = {
                    "ended_on": anniversary_of(started_on),
                    "continues_privately": number % 8 != 3,
                    "access_ended_at": timezone.make_aware(
                        datetime.combine(anniversary_of(started_on), time(6))
                    ),
                }
            else:
                started_on = self.today - timedelta(weeks=self.random.randint(20, 60))
                weeks = self.random.randint(6, 16)
                fields = {
                    "weeks": weeks,
                    "ended_on": started_on + timedelta(weeks=weeks),
                    "ended_by": EndedBy.VOLUNTEER_FAMILY,
                    "end_reason_category": EndReason.VOLUNTEER_CAPACITY,
                    "end_reason": "Familien fik ikke længere tiden til at slå til efter et "
                    "jobskifte.",
                    "access_ended_at": timezone.make_aware(
                        datetime.combine(started_on + timedelta(weeks=weeks), time(12))
                    ),
                }
            # The referral's history ends with the match a few weeks before the
            # first solo visit (the builder spaces its six steps a week apart).
            referral_started = timezone.make_aware(
                datetime.combine(
                    started_on - timedelta(weeks=6, days=self.random.randint(14, 28)), time(10)
                )
            )
            referral = self.referral(
                site,
                caseworkers[number % 2],
                ReferralStatus.MATCHED,
                staff,
                started=referral_started,
                **extra,
            )
            texts = LOGBOOK_TEXTS[:]
            self.random.shuffle(texts)
            volunteer_user = family.members.filter(user__isnull=False).first()
            friendship = builders.build_friendship(
                referral=referral,
                family=family,
                started_on=started_on,
                status=friendship_status,
                written_by=volunteer_user.user if volunteer_user else None,
                logbook_texts=texts,
                screened_by=staff,
                **fields,
            )
            # The match it came from: the reports count matches and waiting times from it.
            builders.build_accepted_match(friendship, by=staff)
            built.append(friendship)
        year.build_demo_year(
            site=site,
            staff=staff,
            friendships=built,
            caseworker=caseworkers[0],
            fake=self.fake,
        )
        build_survey_demo(friendships=built, staff=staff, rng=self.random)
        build_demo_support(
            site=site,
            staff=staff,
            running=[f for f in built if f.status == FriendshipStatus.RUNNING],
        )

        # A little activity on the second site shows that staff see only their own.
        other_staff = self.extra_user(Role.STAFF)
        SiteMembership.objects.create(site=other_site, user=other_staff)
        other_caseworker = self.extra_user(Role.CASEWORKER, municipality=other_site.municipality)
        for status in (ReferralStatus.SUBMITTED, ReferralStatus.READY_FOR_MATCHING):
            self.referral(other_site, other_caseworker, status, other_staff)
        self.family(other_site, VolunteerFamilyStatus.APPROVED, other_staff)

        # Matching: waiting children with candidates, an open proposal, a declined pair.
        build_matching_demo(site, staff)
        return users


def generate_demo() -> bool:
    """Create the demo site unless it exists. Returns True when it was created now."""
    if demo_exists():
        return False
    with transaction.atomic():
        _DemoBuilder().build()
        # Some of the year's visits and entries are inserted in bulk: count the reports'
        # months once from all of them.
        month_figures_rebuild()
    return True


def demo_login_lines() -> list[str]:
    """What ``make demo`` prints: one login per role, with the TOTP key where needed."""
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for login in DEMO_LOGINS:
        lines.append(f"  {login.role.label!s:<24} {login.email}")
        user = User(role=login.role)
        if user.needs_second_factor:
            code = totp(totp_secret(login.email))
            lines.append(f"    TOTP key {totp_base32(login.email)}  (code right now: {code:06d})")
            lines.append(f"    {otpauth_uri(login.email)}")
    return lines
