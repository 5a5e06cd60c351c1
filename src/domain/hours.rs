//! Business hours: when a module's chat is open, in its own time zone, by a weekly
//! schedule and dates it is closed.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::{Error, string_enum};

pub const MAX_PERIODS: usize = 50;
pub const MAX_CLOSED_DATES: usize = 400;

string_enum!(
    /// A day of the week.
    Day {
        Monday => "monday",
        Tuesday => "tuesday",
        Wednesday => "wednesday",
        Thursday => "thursday",
        Friday => "friday",
        Saturday => "saturday",
        Sunday => "sunday",
    }
);

impl Day {
    fn of(weekday: Weekday) -> Self {
        match weekday {
            Weekday::Mon => Self::Monday,
            Weekday::Tue => Self::Tuesday,
            Weekday::Wed => Self::Wednesday,
            Weekday::Thu => Self::Thursday,
            Weekday::Fri => Self::Friday,
            Weekday::Sat => Self::Saturday,
            Weekday::Sun => Self::Sunday,
        }
    }
}

/// Open on `day` from `opens` until `closes` (local times, `HH:MM`; `closes` after
/// `opens`, or `24:00`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenPeriod {
    pub day: Day,
    pub opens: String,
    pub closes: String,
}

/// When the chat is open. Outside these hours the module acts as when nobody is online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    /// An IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    pub weekly: Vec<OpenPeriod>,
    /// Local dates (`YYYY-MM-DD`) the chat stays closed all day.
    #[serde(default)]
    pub closed_dates: Vec<NaiveDate>,
}

fn minutes(field: &str, time: &str) -> Result<u32, Error> {
    if time == "24:00" {
        return Ok(24 * 60);
    }
    let parsed = NaiveTime::parse_from_str(time, "%H:%M")
        .map_err(|_| Error::invalid(format!("{field} must be a time HH:MM (00:00 to 24:00), not {time:?}")))?;
    Ok(chrono::Timelike::hour(&parsed) * 60 + chrono::Timelike::minute(&parsed))
}

impl BusinessHours {
    pub fn validate(&self) -> Result<(), Error> {
        self.time_zone.parse::<chrono_tz::Tz>().map_err(|_| {
            Error::invalid(format!("business_hours.time_zone {:?} is not an IANA time zone", self.time_zone))
        })?;
        if self.weekly.len() > MAX_PERIODS {
            return Err(Error::invalid(format!("business_hours.weekly has at most {MAX_PERIODS} periods")));
        }
        if self.closed_dates.len() > MAX_CLOSED_DATES {
            return Err(Error::invalid(format!("business_hours.closed_dates has at most {MAX_CLOSED_DATES} dates")));
        }
        for period in &self.weekly {
            let opens = minutes("business_hours.weekly.opens", &period.opens)?;
            let closes = minutes("business_hours.weekly.closes", &period.closes)?;
            if closes <= opens {
                return Err(Error::invalid(format!(
                    "a period closes after it opens ({} {}–{})",
                    period.day, period.opens, period.closes
                )));
            }
        }
        Ok(())
    }

    /// Whether the chat is open at `now`.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        let Ok(zone) = self.time_zone.parse::<chrono_tz::Tz>() else { return false };
        let local = now.with_timezone(&zone);
        if self.closed_dates.contains(&local.date_naive()) {
            return false;
        }
        let day = Day::of(local.weekday());
        let minute = chrono::Timelike::hour(&local) * 60 + chrono::Timelike::minute(&local);
        self.weekly.iter().filter(|period| period.day == day).any(|period| {
            let opens = minutes("opens", &period.opens).unwrap_or(0);
            let closes = minutes("closes", &period.closes).unwrap_or(0);
            (opens..closes).contains(&minute)
        })
    }

    /// When the chat opens next after `now`, within a year (none: it never does).
    pub fn next_opening(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        use chrono::TimeZone;
        let zone = self.time_zone.parse::<chrono_tz::Tz>().ok()?;
        let today = now.with_timezone(&zone).date_naive();
        let mut openings: Vec<u32> = Vec::new();
        for date in today.iter_days().take(MAX_CLOSED_DATES + 8) {
            if self.closed_dates.contains(&date) {
                continue;
            }
            let day = Day::of(date.weekday());
            openings.clear();
            openings.extend(
                self.weekly.iter().filter(|period| period.day == day).filter_map(|p| minutes("opens", &p.opens).ok()),
            );
            openings.sort_unstable();
            for minute in openings.iter().copied().filter(|minute| *minute < 24 * 60) {
                let local = date.and_hms_opt(minute / 60, minute % 60, 0)?;
                // In a gap of the clocks moving forward, it opens when the gap ends.
                let at = zone
                    .from_local_datetime(&local)
                    .earliest()
                    .or_else(|| zone.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())?;
                let at = at.with_timezone(&Utc);
                if at > now && !self.is_open(at - chrono::Duration::minutes(1)) {
                    return Some(at);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours() -> BusinessHours {
        BusinessHours {
            time_zone: "Europe/Berlin".into(),
            weekly: vec![OpenPeriod { day: Day::Monday, opens: "09:00".into(), closes: "17:30".into() }],
            closed_dates: vec![NaiveDate::from_ymd_opt(2026, 12, 28).expect("a date")],
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a timestamp")
    }

    #[test]
    fn open_within_a_period_in_the_local_time_zone() {
        // Monday 30 November 2026: Berlin is UTC+1 in winter.
        assert!(!hours().is_open(at("2026-11-30T07:59:00Z")));
        assert!(hours().is_open(at("2026-11-30T08:00:00Z")));
        assert!(hours().is_open(at("2026-11-30T16:29:00Z")));
        assert!(!hours().is_open(at("2026-11-30T16:30:00Z")));
        // Tuesday: no period.
        assert!(!hours().is_open(at("2026-12-01T10:00:00Z")));
    }

    #[test]
    fn the_next_opening_skips_closed_dates_and_periods_that_run_on() {
        let mut hours = hours();
        // Sunday evening: Monday 09:00 Berlin.
        assert_eq!(hours.next_opening(at("2026-11-29T20:00:00Z")), Some(at("2026-11-30T08:00:00Z")));
        // Monday 28 December is closed: the Monday after.
        assert_eq!(hours.next_opening(at("2026-12-27T20:00:00Z")), Some(at("2027-01-04T08:00:00Z")));
        // Open until midnight and from midnight on: the opening is the first, not 00:00.
        hours.weekly.push(OpenPeriod { day: Day::Monday, opens: "20:00".into(), closes: "24:00".into() });
        hours.weekly.push(OpenPeriod { day: Day::Tuesday, opens: "00:00".into(), closes: "02:00".into() });
        assert_eq!(hours.next_opening(at("2026-11-30T17:00:00Z")), Some(at("2026-11-30T19:00:00Z")));
        assert_eq!(hours.next_opening(at("2026-11-30T21:00:00Z")), Some(at("2026-12-07T08:00:00Z")));
        hours.weekly.clear();
        assert_eq!(hours.next_opening(at("2026-11-30T21:00:00Z")), None);
    }

    #[test]
    fn summer_time_moves_the_hours() {
        // Monday 1 June 2026: Berlin is UTC+2.
        assert!(hours().is_open(at("2026-06-01T07:00:00Z")));
        assert!(!hours().is_open(at("2026-06-01T15:30:00Z")));
    }

    #[test]
    fn closed_dates_close_the_whole_day() {
        assert!(!hours().is_open(at("2026-12-28T10:00:00Z")));
    }

    #[test]
    fn bad_schedules_are_refused() {
        let mut bad = hours();
        bad.time_zone = "Mars/Olympus".into();
        assert!(bad.validate().is_err());
        let mut bad = hours();
        bad.weekly[0].closes = "08:00".into();
        assert!(bad.validate().is_err());
        let mut bad = hours();
        bad.weekly[0].opens = "9am".into();
        assert!(bad.validate().is_err());
        assert_eq!(hours().validate(), Ok(()));
    }
}
