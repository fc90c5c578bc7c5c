//! Scheduling invariants over random offices, calendars and people (proptest).

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveTime, Weekday};
use papila::schedule::{Calendar, Candidate, OfficeDays, place};
use proptest::prelude::*;

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()
}

fn office() -> impl Strategy<Value = OfficeDays> {
    (
        proptest::sample::subsequence(WEEK.to_vec(), 0..=7),
        proptest::collection::vec(0i64..40, 0..4),
        any::<bool>(),
        proptest::collection::vec(1u32..6, 1..3),
    )
        .prop_map(|(weekdays, dates, skip_holidays, caps)| OfficeDays {
            weekdays,
            dates: dates
                .into_iter()
                .map(|o| start() + Duration::days(o))
                .collect(),
            skip_holidays,
            sessions: caps
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let h = 8 + 2 * i as u32;
                    (
                        NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
                        NaiveTime::from_hms_opt(h + 1, 0, 0).unwrap(),
                        c,
                    )
                })
                .collect(),
        })
}

fn candidates(offices: usize, households: bool) -> impl Strategy<Value = Vec<Candidate>> {
    proptest::collection::vec(
        (
            0..offices,
            0i64..45,
            0i64..900,
            any::<u64>(),
            0u64..6,
            any::<bool>(),
        ),
        0..120,
    )
    .prop_map(move |v| {
        v.into_iter()
            .enumerate()
            .map(
                |(i, (office, earliest, birth, nik, kk, in_household))| Candidate {
                    office,
                    also: Vec::new(),
                    class: None,
                    class_offices: 0,
                    earliest: start() + Duration::days(earliest),
                    birth: NaiveDate::from_ymd_opt(2006, 1, 1).unwrap() + Duration::days(birth),
                    // Distinct NIKs, as the pipeline guarantees.
                    nik: (nik & !0xffff) | i as u64,
                    household: (households && in_household).then_some(kk),
                },
            )
            .collect()
    })
}

fn setup(
    households: bool,
) -> impl Strategy<Value = (Vec<OfficeDays>, HashSet<NaiveDate>, Vec<Candidate>)> {
    proptest::collection::vec(office(), 1..4).prop_flat_map(move |offices| {
        let n = offices.len();
        (
            Just(offices),
            proptest::collection::hash_set(
                (0i64..40).prop_map(|o| start() + Duration::days(o)),
                0..6,
            ),
            candidates(n, households),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn capacity_office_and_day_are_respected((offices, holidays, people) in setup(true)) {
        let end = start() + Duration::days(35);
        let cal = Calendar::build(&offices, start(), end, &holidays);
        let mut booked = vec![0u32; cal.slots.len()];
        let placed = place(&cal, &mut booked, &people);
        prop_assert_eq!(placed.len(), people.len());
        let mut count = vec![0u32; cal.slots.len()];
        for (p, slot) in people.iter().zip(&placed) {
            if let Some(s) = *slot {
                let slot = cal.slots[s];
                count[s] += 1;
                prop_assert_eq!(slot.office, p.office);
                prop_assert!(slot.date >= p.earliest && slot.date <= end);
                let o = &offices[p.office];
                let regular = o.weekdays.contains(&chrono::Datelike::weekday(&slot.date))
                    && !(o.skip_holidays && holidays.contains(&slot.date));
                prop_assert!(regular || o.dates.contains(&slot.date), "placed on a day off: {}", slot.date);
            }
        }
        // Each person is counted once, in one slot, and no slot is over capacity.
        prop_assert_eq!(&count, &booked);
        for (s, slot) in cal.slots.iter().enumerate() {
            prop_assert!(booked[s] <= slot.capacity);
        }
        // Overflow only when every slot the person could have had is full.
        for (p, slot) in people.iter().zip(&placed) {
            if slot.is_none() {
                for s in cal.office_slots(p.office) {
                    if cal.slots[s].date >= p.earliest {
                        prop_assert_eq!(booked[s], cal.slots[s].capacity);
                    }
                }
            }
        }
    }

    /// Without households, replaying the placements in the documented order shows each person got the
    /// first session with room when their turn came, and overflowed only when there was none.
    #[test]
    fn each_gets_the_first_free_session_at_their_turn((offices, holidays, people) in setup(false)) {
        let cal = Calendar::build(&offices, start(), start() + Duration::days(35), &holidays);
        let mut booked = vec![0u32; cal.slots.len()];
        let placed = place(&cal, &mut booked, &people);
        let mut order: Vec<usize> = (0..people.len()).collect();
        order.sort_by_key(|&i| (people[i].earliest, people[i].birth, people[i].nik));
        let mut replay = vec![0u32; cal.slots.len()];
        for i in order {
            let p = &people[i];
            let first_free = cal
                .office_slots(p.office)
                .find(|&s| cal.slots[s].date >= p.earliest && replay[s] < cal.slots[s].capacity);
            prop_assert_eq!(placed[i], first_free);
            if let Some(s) = first_free {
                replay[s] += 1;
            }
        }
    }

    /// Re-planning with extra people keeps every existing appointment: the old bookings are taken as
    /// given and only newcomers are placed, into what is left.
    #[test]
    fn newcomers_never_move_existing_appointments((offices, holidays, people) in setup(true), split in 0usize..120) {
        let cal = Calendar::build(&offices, start(), start() + Duration::days(35), &holidays);
        let split = split.min(people.len());
        let (first, newcomers) = people.split_at(split);
        let mut booked = vec![0u32; cal.slots.len()];
        let before = place(&cal, &mut booked, first);
        let snapshot = booked.clone();
        let after = place(&cal, &mut booked, newcomers);
        for (s, slot) in cal.slots.iter().enumerate() {
            prop_assert!(booked[s] >= snapshot[s]);
            prop_assert!(booked[s] <= slot.capacity);
        }
        // Newcomers only take what the first round left: per slot, no more than its capacity less
        // the first round's bookings, and the bookings are exactly both rounds' placements.
        let mut newcomers_in = vec![0u32; cal.slots.len()];
        for s in after.iter().flatten() {
            newcomers_in[*s] += 1;
        }
        let mut count = vec![0u32; cal.slots.len()];
        for s in before.iter().flatten() {
            count[*s] += 1;
        }
        prop_assert_eq!(&count, &snapshot);
        for (s, slot) in cal.slots.iter().enumerate() {
            prop_assert!(newcomers_in[s] <= slot.capacity - snapshot[s]);
            prop_assert_eq!(count[s] + newcomers_in[s], booked[s]);
        }
    }
}

/// Students: each may go to further offices (a school's later visits, then their village's office)
/// and belongs to one of a few classes.
fn students(offices: usize) -> impl Strategy<Value = Vec<Candidate>> {
    proptest::collection::vec(
        (
            0..offices,
            proptest::collection::vec(0..offices, 0..3),
            0i64..45,
            0i64..900,
            any::<u64>(),
            proptest::option::of(0u64..4),
        ),
        0..120,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(
                |(i, (office, also, earliest, birth, nik, class))| Candidate {
                    office,
                    class_offices: 1 + also.len(),
                    also,
                    class,
                    earliest: start() + Duration::days(earliest),
                    birth: NaiveDate::from_ymd_opt(2006, 1, 1).unwrap() + Duration::days(birth),
                    nik: (nik & !0xffff) | i as u64,
                    household: None,
                },
            )
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// With classes and further offices: no session over capacity; each placed at one of their
    /// offices on or after their day; overflow only when every such session of every one of their
    /// offices is full.
    #[test]
    fn classes_and_further_offices_keep_capacity_and_days(
        (offices, holidays, people) in proptest::collection::vec(office(), 1..4)
            .prop_flat_map(|offices| {
                let n = offices.len();
                (Just(offices), proptest::collection::hash_set(
                    (0i64..40).prop_map(|o| start() + Duration::days(o)), 0..6), students(n))
            })
    ) {
        let cal = Calendar::build(&offices, start(), start() + Duration::days(35), &holidays);
        let mut booked = vec![0u32; cal.slots.len()];
        let placed = place(&cal, &mut booked, &people);
        let mut count = vec![0u32; cal.slots.len()];
        for (p, slot) in people.iter().zip(&placed) {
            let mine: Vec<usize> = std::iter::once(p.office).chain(p.also.iter().copied()).collect();
            match *slot {
                Some(s) => {
                    count[s] += 1;
                    prop_assert!(mine.contains(&cal.slots[s].office));
                    prop_assert!(cal.slots[s].date >= p.earliest);
                }
                None => {
                    for o in &mine {
                        for s in cal.office_slots(*o) {
                            if cal.slots[s].date >= p.earliest {
                                prop_assert_eq!(booked[s], cal.slots[s].capacity);
                            }
                        }
                    }
                }
            }
        }
        prop_assert_eq!(&count, &booked);
        for (s, slot) in cal.slots.iter().enumerate() {
            prop_assert!(booked[s] <= slot.capacity);
        }
    }

    /// One class alone, all of age on the same day: seated together in the first session that
    /// holds all of them, and split only when no session could.
    #[test]
    fn a_class_is_split_only_when_no_session_holds_it(
        office in office(),
        size in 1usize..12,
        earliest in 0i64..30,
    ) {
        let cal = Calendar::build(std::slice::from_ref(&office), start(), start() + Duration::days(35), &HashSet::new());
        let class: Vec<Candidate> = (0..size)
            .map(|i| Candidate {
                office: 0,
                also: Vec::new(),
                class: Some(7),
                class_offices: 1,
                earliest: start() + Duration::days(earliest),
                birth: NaiveDate::from_ymd_opt(2007, 1, 1).unwrap(),
                nik: i as u64,
                household: None,
            })
            .collect();
        let mut booked = vec![0u32; cal.slots.len()];
        let placed = place(&cal, &mut booked, &class);
        let holds = cal
            .office_slots(0)
            .find(|&s| cal.slots[s].date >= class[0].earliest && cal.slots[s].capacity as usize >= size);
        match holds {
            Some(s) => prop_assert!(placed.iter().all(|p| *p == Some(s)), "{:?} not all in {}", placed, s),
            None => {
                // Split: seated one by one, as far as the places on or after their day go.
                let free: u32 = cal
                    .office_slots(0)
                    .filter(|&s| cal.slots[s].date >= class[0].earliest)
                    .map(|s| cal.slots[s].capacity)
                    .sum();
                let seated = placed.iter().flatten().count();
                prop_assert_eq!(seated, size.min(free as usize));
            }
        }
    }
}
