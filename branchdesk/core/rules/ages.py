"""Ages and the age limits of League membership (join 14–28, 超龄离团 at 28)."""

from datetime import date

JOIN_MIN_AGE = 14
MAX_AGE = 28
AGE_OUT_WARNING_MONTHS = 6


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a non-leap year
        return d.replace(year=d.year + years, day=28)


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def age_on(birth: date, on: date) -> int:
    """Full years of age on a date."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def birthday_at(birth: date, years: int) -> date:
    return add_years(birth, years)


def age_out_date(birth: date) -> date:
    """The day the member turns 28."""
    return add_years(birth, MAX_AGE)


def reaches_max_age_within(birth: date, on: date, months: int) -> bool:
    """True if the member is 28 already, or turns 28 within `months` months of `on`."""
    return age_out_date(birth) <= add_months(on, months)


def joined_too_young(birth: date, joined: date, precision: str = "D") -> bool:
    """A join date earlier than the 14th birthday is an error (month precision: compare months)."""
    if precision == "Y":
        return joined.year < birth.year + JOIN_MIN_AGE
    if precision == "M":  # the 14th birthday's month is the birth month (29 Feb → 28 Feb)
        return (joined.year, joined.month) < (birth.year + JOIN_MIN_AGE, birth.month)
    return joined < birthday_at(birth, JOIN_MIN_AGE)


def age_out_refusal(birth: date | None, on: date, holds_post: bool) -> str | None:
    """Why 超龄离团 on `on` is not allowed (None: allowed).

    Only from the 28th birthday (not before), and not while the member holds a League post:
    members in post stay while in post (DOMAIN.md).
    """
    if birth is None:
        return "出生日期不详，无法确认是否已年满28周岁，请先补全出生日期"
    turns = age_out_date(birth)
    if on < turns:
        return f"将于{turns.year}年{turns.month}月{turns.day}日年满28周岁，在此之前不能办理超龄离团"
    if holds_post:
        return "担任团内职务，任职期间保留团籍；请先调整其职务，再办理超龄离团"
    return None
