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
