//! Calendar arithmetic for resolving time expressions (all checked:
//! out-of-range dates give `None`).

use super::*;

pub(super) fn civil(y: i32, m: i8, d: i8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m, d).ok()
}

pub(super) fn range(start: Date, end: Date) -> Option<DateRange> {
    (start <= end).then_some(DateRange { start, end })
}

pub(super) fn month_range(y: i32, m: i8) -> Option<DateRange> {
    let start = civil(y, m, 1)?;
    Some(DateRange {
        start,
        end: start.last_of_month(),
    })
}

pub(super) fn year_range(y: i32) -> Option<DateRange> {
    range(civil(y, 1, 1)?, civil(y, 12, 31)?)
}

pub(super) fn shift(d: Date, days: i64) -> Option<Date> {
    d.checked_add(Span::new().try_days(days).ok()?).ok()
}

pub(super) fn add_months(d: Date, months: i64) -> Option<Date> {
    d.checked_add(Span::new().try_months(months).ok()?).ok()
}

/// Monday = 0 .. Sunday = 6.
pub(super) fn weekday_index(w: Weekday) -> i64 {
    i64::from(w.to_monday_zero_offset())
}

/// The Monday of `d`'s week.
pub(super) fn week_start(d: Date) -> Option<Date> {
    shift(d, -weekday_index(d.weekday()))
}

/// The day a weekday refers to, seen from `p` (see the module documentation).
pub(super) fn weekday_date(p: Date, w: Weekday, dx: Deixis, future: bool) -> Option<Date> {
    let (pw, ww) = (weekday_index(p.weekday()), weekday_index(w));
    match dx {
        // On or before `p`.
        Deixis::Past => shift(p, -(pw - ww).rem_euclid(7)),
        // On or after `p`.
        Deixis::Future => shift(p, (ww - pw).rem_euclid(7)),
        // Strictly before `p`.
        Deixis::Last => shift(p, -((pw - ww - 1).rem_euclid(7) + 1)),
        // Strictly after `p`.
        Deixis::Next => shift(p, (ww - pw - 1).rem_euclid(7) + 1),
        // In `p`'s week; a week later when the future is meant and it is already past.
        Deixis::This => {
            let d = shift(week_start(p)?, ww)?;
            if future && d < p {
                shift(d, 7)
            } else {
                Some(d)
            }
        }
    }
}

/// The year of a month named alone, seen from `p`.
pub(super) fn month_year(p: Date, m: i8, dx: Deixis) -> i32 {
    let (y, pm) = (i32::from(p.year()), p.month());
    match dx {
        Deixis::Past if m > pm => y - 1,
        Deixis::Future if m < pm => y + 1,
        Deixis::Last if m >= pm => y - 1,
        Deixis::Next if m <= pm => y + 1,
        _ => y,
    }
}

/// The year of a month-day date without a year: within (`p` - 10 months, `p` + 2 months],
/// or the first occurrence on or after `p` when the future is meant.
pub(super) fn infer_year(p: Date, m: i8, d: i8, future: bool) -> Option<i32> {
    let y = i32::from(p.year());
    // The date in year `y`, clamped to the month's length so that "February 30" still
    // gets a year (and is rejected afterwards).
    let probe = civil(y, m, 1).and_then(|first| civil(y, m, d.min(first.days_in_month())))?;
    if future {
        return Some(if probe >= p { y } else { y + 1 });
    }
    if probe > add_months(p, 2)? {
        Some(y - 1)
    } else if probe <= add_months(p, -10)? {
        Some(y + 1)
    } else {
        Some(y)
    }
}

impl Season {
    /// The season starting in year `y`.
    fn starting_in(self, y: i32) -> Option<DateRange> {
        let (sm, sd, em, ed, end_year) = match self {
            Season::Spring => (3, 20, 6, 20, y),
            Season::Summer => (6, 21, 9, 22, y),
            Season::Autumn => (9, 23, 12, 20, y),
            Season::Winter => (12, 21, 3, 19, y + 1),
        };
        range(civil(y, sm, sd)?, civil(end_year, em, ed)?)
    }
}

/// A week, weekend, month, year or season with "last"/"this"/"next", seen from `p`.
pub(super) fn period_range(p: Date, period: Period, dx: Deixis) -> Option<DateRange> {
    let step: i64 = match dx {
        Deixis::Last => -1,
        Deixis::Next => 1,
        _ => 0,
    };
    let y = i32::from(p.year());
    match period {
        Period::Week => {
            let start = shift(week_start(p)?, 7 * step)?;
            range(start, shift(start, 6)?)
        }
        Period::Weekend => {
            let sat = shift(week_start(p)?, 7 * step + 5)?;
            range(sat, shift(sat, 1)?)
        }
        Period::Month => {
            let d = add_months(p, step)?;
            month_range(i32::from(d.year()), d.month())
        }
        Period::Year => year_range(y + i32::try_from(step).ok()?),
        Period::Season(s) => match dx {
            Deixis::Last => (y - 2..=y)
                .rev()
                .filter_map(|y| s.starting_in(y))
                .find(|r| r.end < p),
            Deixis::Next => (y - 1..=y + 1)
                .filter_map(|y| s.starting_in(y))
                .find(|r| r.start > p),
            _ if s == Season::Winter && p.month() <= 6 => s.starting_in(y - 1),
            _ => s.starting_in(y),
        },
    }
}

/// "earlier this ...": start .. `p`; "later this ...": `p` .. end.
pub(super) fn apply_part(r: DateRange, p: Date, part: Part) -> Option<DateRange> {
    match part {
        Part::Whole => Some(r),
        Part::Earlier => range(r.start, r.end.min(p)),
        Part::Later => range(r.start.max(p), r.end),
    }
}
