"""Time: stored in UTC, shown and entered in Europe/Oslo."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def utcnow() -> datetime:
    return datetime.now(UTC)


def oslo_to_utc(naive_local: datetime) -> datetime:
    """A wall-clock time typed in Larvik, as an aware UTC datetime."""
    return naive_local.replace(tzinfo=OSLO).astimezone(UTC)


def utc_to_oslo(value: datetime) -> datetime:
    return value.astimezone(OSLO)


def today_local() -> date:
    """Today's date in Larvik: what "due today" means for reminders and deadlines."""
    return utcnow().astimezone(OSLO).date()
