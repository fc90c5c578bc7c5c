//! Scheduling (spec §6): the campaign's session calendar per office, and placing people into it by
//! capacity. Pure: no I/O, no clock; the same inputs give the same placements.
//!
//! People are placed in order of earliest allowed day, then birth date, then NIK, each into the first
//! session at their office on or after that day with a free place. Because that order never goes back
//! in time, one cursor per office that only moves forward finds the session, so placing is linear in
//! people plus sessions.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

/// One session on one day at one office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub office: usize,
    pub date: NaiveDate,
    /// Index into the office's sessions.
    pub session: usize,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub capacity: u32,
}

/// What the calendar needs to know of one office.
#[derive(Debug, Clone)]
pub struct OfficeDays {
    pub weekdays: Vec<Weekday>,
    /// Explicit days (mobile "jemput bola" sessions): held even on holidays.
    pub dates: Vec<NaiveDate>,
    pub skip_holidays: bool,
    /// (start, end, capacity) of each session of a day.
    pub sessions: Vec<(NaiveTime, NaiveTime, u32)>,
}

/// Every session of the campaign, ordered by office, date, start.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub slots: Vec<Slot>,
    /// For each office, the range of its slots in `slots`.
    by_office: Vec<std::ops::Range<usize>>,
}

impl Calendar {
    /// Sessions from `first` to `last` inclusive (the caller keeps `last` before election day).
    pub fn build(
        offices: &[OfficeDays],
        first: NaiveDate,
        last: NaiveDate,
        holidays: &HashSet<NaiveDate>,
    ) -> Calendar {
        let mut slots = Vec::new();
        let mut by_office = Vec::with_capacity(offices.len());
        for (oi, o) in offices.iter().enumerate() {
            let begin = slots.len();
            let mut day = first;
            while day <= last {
                let regular = o.weekdays.contains(&day.weekday())
                    && !(o.skip_holidays && holidays.contains(&day));
                if regular || o.dates.contains(&day) {
                    for (si, &(start, end, capacity)) in o.sessions.iter().enumerate() {
                        slots.push(Slot {
                            office: oi,
                            date: day,
                            session: si,
                            start,
                            end,
                            capacity,
                        });
                    }
                }
                day = day.succ_opt().expect("dates in range");
            }
            by_office.push(begin..slots.len());
        }
        Calendar { slots, by_office }
    }

    pub fn office_slots(&self, office: usize) -> std::ops::Range<usize> {
        self.by_office.get(office).cloned().unwrap_or(0..0)
    }

    /// The slot of an office on a date starting at a time, if the calendar has it.
    pub(crate) fn find(&self, office: usize, date: NaiveDate, start: NaiveTime) -> Option<usize> {
        let range = self.office_slots(office);
        let slots = &self.slots[range.clone()];
        let at = slots.partition_point(|s| (s.date, s.start) < (date, start));
        (at < slots.len() && slots[at].date == date && slots[at].start == start)
            .then_some(range.start + at)
    }

    pub(crate) fn office_count(&self) -> usize {
        self.by_office.len()
    }
}

/// A person to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub office: usize,
    /// Offices tried after `office`, in order, when it has no place for them: a school's later
    /// visits, then the office serving the student's village.
    pub also: Vec<usize>,
    /// The later of the campaign's start and the day they reach the minimum age.
    pub earliest: NaiveDate,
    pub birth: NaiveDate,
    pub nik: u64,
    /// The KK number: people sharing it travel together when there is room.
    pub household: Option<u64>,
    /// A class (rombel): its members are seated together, in the first session that holds all of
    /// them who are of age by its day, rather than split.
    pub class: Option<u64>,
    /// How many of its offices, from `office` on, are its class's (a school's visits): the class
    /// is kept together there only, never moved whole to a student's own village office.
    pub class_offices: usize,
}

/// Places `candidates` into the free places of `calendar`, given what is already `booked` per slot
/// (updated in place). Returns, aligned with `candidates`, the slot of each, or `None` for overflow.
pub fn place(
    calendar: &Calendar,
    booked: &mut [u32],
    candidates: &[Candidate],
) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| {
        let c = &candidates[i];
        (c.earliest, c.birth, c.nik)
    });
    // Household and class members in placing order, so the first of them placed brings the others.
    let mut households: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    let mut classes: HashMap<u64, Vec<usize>> = HashMap::new();
    for &i in &order {
        if let Some(h) = candidates[i].household {
            households
                .entry((candidates[i].office, h))
                .or_default()
                .push(i);
        }
        if let Some(k) = candidates[i].class {
            classes.entry(k).or_default().push(i);
        }
    }
    let mut placer = Placer {
        calendar,
        booked,
        // Per office: no slot before the cursor has room for anyone whose turn is still to come.
        cursor: (0..calendar.office_count())
            .map(|o| calendar.office_slots(o).start)
            .collect(),
    };
    let mut result: Vec<Option<usize>> = vec![None; candidates.len()];
    let mut done = vec![false; candidates.len()];

    for &i in &order {
        if done[i] {
            continue;
        }
        let c = &candidates[i];
        if let Some(members) = c.class.and_then(|k| classes.get(&k)) {
            let waiting: Vec<usize> = members.iter().copied().filter(|&j| !done[j]).collect();
            if let Some((s, seated)) = placer.class_slot(c, &waiting, candidates) {
                for j in seated {
                    result[j] = Some(s);
                    done[j] = true;
                    placer.booked[s] += 1;
                }
                continue;
            }
            // No session holds the class: its members are placed one by one (split).
        }
        done[i] = true;
        let Some(s) = placer.first_free(c, 1) else {
            continue; // overflow
        };
        let slot = calendar.slots[s];
        let companions: Vec<usize> = c
            .household
            .and_then(|h| households.get(&(c.office, h)))
            .map(|members| {
                members
                    .iter()
                    .copied()
                    .filter(|&j| !done[j] && candidates[j].earliest <= slot.date)
                    .collect()
            })
            .unwrap_or_default();
        let room = slot.capacity - placer.booked[s];
        result[i] = Some(s);
        placer.booked[s] += 1;
        if !companions.is_empty() && room as usize > companions.len() {
            for j in companions {
                result[j] = Some(s);
                done[j] = true;
                placer.booked[s] += 1;
            }
        }
    }
    result
}

/// The free places as placing goes on.
struct Placer<'a> {
    calendar: &'a Calendar,
    booked: &'a mut [u32],
    cursor: Vec<usize>,
}

impl Placer<'_> {
    /// The first slot with `need` free places on or after `c.earliest`, at `c`'s office, else at
    /// the next of its offices that has one.
    fn first_free(&mut self, c: &Candidate, need: u32) -> Option<usize> {
        std::iter::once(c.office)
            .chain(c.also.iter().copied())
            .find_map(|o| self.free_at(o, c.earliest, |_| need))
    }

    /// The first slot of `office` on or after `earliest` with room for `need(slot)` people.
    fn free_at(
        &mut self,
        office: usize,
        earliest: NaiveDate,
        need: impl Fn(&Slot) -> u32,
    ) -> Option<usize> {
        let range = self.calendar.by_office.get(office)?.clone();
        let cur = &mut self.cursor[office];
        while *cur < range.end && self.booked[*cur] >= self.calendar.slots[*cur].capacity {
            *cur += 1;
        }
        // The cursor skips only full slots; a person may still need a later day than it points at.
        (*cur..range.end).find(|&s| {
            let slot = &self.calendar.slots[s];
            slot.date >= earliest && slot.capacity - self.booked[s].min(slot.capacity) >= need(slot)
        })
    }

    /// The first slot, at `c`'s offices in turn, that seats every waiting member of `c`'s class
    /// who is of age by its day and may go there (`c` among them), with those members; `None`
    /// when none does.
    fn class_slot(
        &mut self,
        c: &Candidate,
        waiting: &[usize],
        candidates: &[Candidate],
    ) -> Option<(usize, Vec<usize>)> {
        // Members seated at `slot`: of age by its day, and it at one of their own offices (a class
        // shares its school's visits, not each student's village office).
        let fits = |j: usize, slot: &Slot| {
            let m = &candidates[j];
            m.earliest <= slot.date && (m.office == slot.office || m.also.contains(&slot.office))
        };
        let of_age_by = |slot: &Slot| waiting.iter().filter(|&&j| fits(j, slot)).count();
        let s = std::iter::once(c.office)
            .chain(c.also.iter().copied())
            .take(c.class_offices)
            .find_map(|o| self.free_at(o, c.earliest, |slot| of_age_by(slot) as u32))?;
        let slot = self.calendar.slots[s];
        let seated = waiting
            .iter()
            .copied()
            .filter(|&j| fits(j, &slot))
            .collect();
        Some((s, seated))
    }
}

/// Capacity and demand of one office, for the overflow report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OfficeLoad {
    pub(crate) demand: u64,
    pub(crate) capacity: u64,
    pub(crate) booked: u64,
    /// Eligible people no place was left for: the shortfall.
    pub(crate) overflow: u64,
    /// Overflow too, but only because they reach the minimum age after the last appointment day:
    /// no capacity would place them, so they are no shortfall.
    pub(crate) late: u64,
    /// People who missed their day and have no later place to be invited to again: short of
    /// places too, though they keep their missed appointment rather than turning overflow.
    pub(crate) missed: u64,
    /// Places a day offers (sum of its sessions' capacity).
    pub(crate) daily_capacity: u64,
}

impl OfficeLoad {
    /// Extra session-days that would clear the overflow, at the office's usual daily capacity.
    pub(crate) fn extra_days(&self) -> u64 {
        if self.shortfall() == 0 || self.daily_capacity == 0 {
            0
        } else {
            self.shortfall().div_ceil(self.daily_capacity)
        }
    }

    /// Everyone short of a place: overflow, and no-shows with no later place.
    pub(crate) fn shortfall(&self) -> u64 {
        self.overflow + self.missed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, 0, 0).unwrap()
    }
    fn office(weekdays: &[Weekday], cap: u32) -> OfficeDays {
        OfficeDays {
            weekdays: weekdays.to_vec(),
            dates: vec![],
            skip_holidays: true,
            sessions: vec![(t(8), t(12), cap)],
        }
    }
    fn cand(earliest: NaiveDate, nik: u64, household: Option<u64>) -> Candidate {
        Candidate {
            office: 0,
            also: Vec::new(),
            class: None,
            class_offices: 0,
            earliest,
            birth: d(2007, 1, 1),
            nik,
            household,
        }
    }

    #[test]
    fn weekdays_holidays_and_explicit_dates() {
        // 2024-08-12 is a Monday; 2024-08-17 (Saturday) is a holiday; 2024-08-16 a local holiday.
        let holidays: HashSet<_> = [d(2024, 8, 16), d(2024, 8, 17)].into();
        let mut o = office(&[Weekday::Mon, Weekday::Fri, Weekday::Sat], 5);
        o.dates = vec![d(2024, 8, 17), d(2024, 8, 14)];
        let cal = Calendar::build(&[o], d(2024, 8, 12), d(2024, 8, 18), &holidays);
        let days: Vec<_> = cal.slots.iter().map(|s| s.date).collect();
        // Monday; Wednesday 14th (explicit); Friday 16th skipped (holiday); Saturday 17th held
        // (explicit dates are held even on holidays).
        assert_eq!(days, vec![d(2024, 8, 12), d(2024, 8, 14), d(2024, 8, 17)]);
    }

    #[test]
    fn earliest_day_then_birth_then_nik() {
        let cal = Calendar::build(
            &[office(&[Weekday::Mon], 1)],
            d(2024, 8, 12),
            d(2024, 8, 26),
            &HashSet::new(),
        );
        let c = vec![
            cand(d(2024, 8, 12), 3, None),
            cand(d(2024, 8, 12), 2, None),
            cand(d(2024, 8, 19), 1, None),
        ];
        let mut booked = vec![0; cal.slots.len()];
        // NIK 2 and 3 may come from the 12th and go first, in NIK order; NIK 1 only from the 19th,
        // which NIK 3 already holds.
        let r = place(&cal, &mut booked, &c);
        assert_eq!(r, vec![Some(1), Some(0), Some(2)]);
    }

    #[test]
    fn siblings_share_a_session_when_it_has_room() {
        let cal = Calendar::build(
            &[office(&[Weekday::Mon], 3)],
            d(2024, 8, 12),
            d(2024, 8, 26),
            &HashSet::new(),
        );
        // Person 10 fills the first place; the household of three (KK 7) then needs 3 places: only 2
        // are left on the 12th, so the first sibling goes alone; the other two go together on the 19th.
        let c = vec![
            cand(d(2024, 8, 12), 10, None),
            cand(d(2024, 8, 12), 11, Some(7)),
            cand(d(2024, 8, 12), 12, Some(7)),
            cand(d(2024, 8, 12), 13, Some(7)),
        ];
        let mut booked = vec![0; cal.slots.len()];
        let r = place(&cal, &mut booked, &c);
        assert_eq!(r, vec![Some(0), Some(0), Some(0), Some(1)]);

        let c = vec![
            cand(d(2024, 8, 12), 11, Some(7)),
            cand(d(2024, 8, 12), 12, Some(7)),
            cand(d(2024, 8, 26), 13, Some(7)),
        ];
        let mut booked = vec![0; cal.slots.len()];
        // The third sibling may not come before the 26th: the other two go together, the third alone.
        assert_eq!(
            place(&cal, &mut booked, &c),
            vec![Some(0), Some(0), Some(2)]
        );
    }

    #[test]
    fn overflow_when_no_room_before_the_end() {
        let cal = Calendar::build(
            &[office(&[Weekday::Mon], 1)],
            d(2024, 8, 12),
            d(2024, 8, 19),
            &HashSet::new(),
        );
        let c: Vec<_> = (0..3).map(|n| cand(d(2024, 8, 12), n, None)).collect();
        let mut booked = vec![0; cal.slots.len()];
        assert_eq!(place(&cal, &mut booked, &c), vec![Some(0), Some(1), None]);
        let load = OfficeLoad {
            overflow: 3,
            daily_capacity: 2,
            ..OfficeLoad::default()
        };
        assert_eq!(load.extra_days(), 2);
    }
}
