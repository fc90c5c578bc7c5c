//! Print rounds (gelombang): which letters went to the printer in which round, and which of them
//! are void; the letters and rounds as render reads them (`new_round` makes a round, `letter` is a
//! printed letter). A round is made when `render` finds letters not printed yet — a new person, a moved
//! appointment, a corrected name or address, a second invitation — or printed letters that no
//! longer stand; a render with nothing new makes none. Each printed letter is kept whole, so a
//! round's files can be made again byte for byte after the people lists have moved on.

use std::path::Path;

use rusqlite::{Connection, params};

use super::letter::{
    LETTER_COLUMN_COUNT, LETTER_COLUMNS, Printed, VoidReason, Voided, printed_row,
};
use super::{At, Ledger, not_written};
use crate::error::Result;
use crate::region::VillageCode;

/// Where a letter is delivered: through the village office of its person's village, or — for a
/// student of a school a team visits (spec §11) — through that school, by its NPSN.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Point {
    Village(VillageCode),
    School(String),
}

impl Point {
    /// The condition on `letter l` that keeps this point's letters, with `?2` its value.
    fn condition(&self) -> &'static str {
        match self {
            Point::Village(_) => "l.school = '' AND l.village_code = ?2",
            Point::School(_) => "l.school = ?2",
        }
    }

    fn value(&self) -> String {
        match self {
            Point::Village(code) => code.to_string(),
            Point::School(npsn) => npsn.clone(),
        }
    }

    /// The order its letters are bundled in: a village's for walking them to the houses, a
    /// school's for handing them out class by class.
    fn order(&self) -> &'static str {
        match self {
            Point::Village(_) => LETTER_ORDER,
            Point::School(_) => SCHOOL_ORDER,
        }
    }

    /// The point of a letter row's `school` and `village_code`.
    fn of(path: &Path, school: String, village: &str) -> Result<Point> {
        if school.is_empty() {
            VillageCode::parse(village)
                .map(Point::Village)
                .ok_or_else(|| not_written(path, "a village code", village))
        } else {
            Ok(Point::School(school))
        }
    }
}

/// What one round holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RoundCounts {
    pub(crate) round: i64,
    pub(crate) day: String,
    pub(crate) new: usize,
    pub(crate) replacement: usize,
    pub(crate) second: usize,
    pub(crate) void: usize,
    pub(crate) villages: usize,
    /// Schools whose batch it has letters or void letters for.
    pub(crate) schools: usize,
}

impl RoundCounts {
    pub(crate) fn letters(&self) -> usize {
        self.new + self.replacement + self.second
    }
}

/// A delivery point's standing letters, by their ids and rounds, in delivery order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Standing {
    pub(crate) point: Point,
    /// The letters' row ids.
    pub(crate) ids: Vec<i64>,
    pub(crate) rounds: Vec<i64>,
    pub(crate) invitation_ids: Vec<String>,
}

/// Standing letters whose invitation is still planned and whose person has not come: the letters
/// a village office (or school) should hold. Joined with `invitation i`.
const STANDING: &str = "letter l JOIN invitation i ON i.id = l.invitation_id
    WHERE l.void_round IS NULL AND i.state = 'planned'
      AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.invitation_id = i.id)";
const LETTER_ORDER: &str =
    "l.village_code, l.dusun, l.rw, l.rt, l.address, l.name, l.invitation_id";
const SCHOOL_ORDER: &str = "l.school, l.class, l.name, l.invitation_id";

impl Ledger {
    /// Every round, oldest first, with its counts.
    pub(crate) fn rounds(&self) -> Result<Vec<RoundCounts>> {
        // Grouped scans of the letters, each once: a subquery per round and count read round 1's
        // every letter five times over (half a second a call at 200,000 people).
        let path = &self.path;
        let mut rounds: Vec<RoundCounts> = self
            .conn
            .prepare("SELECT id, day FROM round ORDER BY id")
            .at(path)?
            .query_map([], |r| {
                Ok(RoundCounts {
                    round: r.get(0)?,
                    day: r.get(1)?,
                    ..RoundCounts::default()
                })
            })
            .at(path)?
            .collect::<rusqlite::Result<_>>()
            .at(path)?;
        let mut counts = self
            .conn
            .prepare(
                "SELECT round, kind, count(*) FROM letter GROUP BY round, kind
                 UNION ALL
                 SELECT void_round, 'void', count(*) FROM letter
                    WHERE void_round IS NOT NULL GROUP BY void_round
                 UNION ALL
                 SELECT r, 'villages', count(DISTINCT village_code) FROM
                    (SELECT round AS r, village_code FROM letter WHERE school = ''
                     UNION ALL
                     SELECT void_round, village_code FROM letter
                        WHERE void_round IS NOT NULL AND school = '')
                    GROUP BY r
                 UNION ALL
                 SELECT r, 'schools', count(DISTINCT school) FROM
                    (SELECT round AS r, school FROM letter WHERE school != ''
                     UNION ALL
                     SELECT void_round, school FROM letter
                        WHERE void_round IS NOT NULL AND school != '')
                    GROUP BY r",
            )
            .at(path)?;
        let mut rows = counts.query([]).at(path)?;
        while let Some(row) = rows.next().at(path)? {
            let round: i64 = row.get(0).at(path)?;
            let what: String = row.get(1).at(path)?;
            let n = row.get::<_, i64>(2).at(path)? as usize;
            let Some(counts) = rounds.iter_mut().find(|r| r.round == round) else {
                continue;
            };
            match what.as_str() {
                "new" => counts.new = n,
                "replacement" => counts.replacement = n,
                "second" => counts.second = n,
                "void" => counts.void = n,
                "villages" => counts.villages = n,
                "schools" => counts.schools = n,
                _ => {}
            }
        }
        Ok(rounds)
    }

    /// The delivery points round `round` has letters or void letters for: villages in code order,
    /// then schools by NPSN.
    pub(crate) fn round_points(&self, round: i64) -> Result<Vec<Point>> {
        round_points_in(&self.conn, &self.path, round)
    }

    /// Round `round`'s letters for `point` in delivery order, and the letters it made void.
    pub(crate) fn round_point(
        &self,
        round: i64,
        point: &Point,
    ) -> Result<(Vec<Printed>, Vec<Voided>)> {
        let path = &self.path;
        let (condition, order, value) = (point.condition(), point.order(), point.value());
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LETTER_COLUMNS} FROM letter l WHERE l.round = ?1 AND {condition}
                 ORDER BY {order}"
            ))
            .at(path)?;
        let mut rows = stmt.query(params![round, value]).at(path)?;
        let mut letters = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            letters.push(printed_row(path, row, 0)?);
        }
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LETTER_COLUMNS}, l.void_reason, n.village_code, i.office_id
                 FROM letter l
                 JOIN invitation i ON i.id = l.invitation_id
                 LEFT JOIN letter n ON n.invitation_id = l.invitation_id AND n.round = l.void_round
                     AND n.id != l.id
                 WHERE l.void_round = ?1 AND {condition} ORDER BY {order}"
            ))
            .at(path)?;
        let mut rows = stmt.query(params![round, value]).at(path)?;
        let mut void = Vec::new();
        let n = LETTER_COLUMN_COUNT;
        while let Some(row) = rows.next().at(path)? {
            let printed = printed_row(path, row, 0)?;
            let new_village = row
                .get::<_, Option<String>>(n + 1)
                .at(path)?
                .and_then(|v| VillageCode::parse(&v))
                .filter(|v| *v != printed.invited.village);
            let office: String = row.get(n + 2).at(path)?;
            void.push(Voided {
                printed,
                reason: VoidReason::parse(&row.get::<_, String>(n).at(path)?),
                moved_to: new_village.map(|v| (v, office)),
            });
        }
        Ok((letters, void))
    }

    /// Per delivery point of round `round`: how many letters it printed and how many it made void.
    pub(crate) fn round_point_counts(
        &self,
        round: i64,
    ) -> Result<std::collections::HashMap<Point, (usize, usize)>> {
        let path = &self.path;
        let mut counts = std::collections::HashMap::new();
        for (column, void) in [("round", false), ("void_round", true)] {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT school, village_code, count(*) FROM letter WHERE {column} = ?1
                     GROUP BY school, village_code"
                ))
                .at(path)?;
            let rows = stmt
                .query_map([round], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })
                .at(path)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .at(path)?;
            for (school, code, n) in rows {
                let entry: &mut (usize, usize) =
                    counts.entry(Point::of(path, school, &code)?).or_default();
                if void {
                    entry.1 += n as usize;
                } else {
                    entry.0 += n as usize;
                }
            }
        }
        Ok(counts)
    }

    /// Every delivery point's standing letters by their ids, in delivery order, one point at a
    /// time (villages, then schools): enough to tell whether its full set changed (letter rows are
    /// never rewritten, only voided) without reading what the letters say; `standing_letters_of`
    /// reads them for a point that must be typeset.
    pub(crate) fn each_standing(&self, mut emit: impl FnMut(Standing) -> Result<()>) -> Result<()> {
        let path = &self.path;
        for (condition, order) in [
            ("l.school = ''", LETTER_ORDER),
            ("l.school != ''", SCHOOL_ORDER),
        ] {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT l.school, l.village_code, l.id, l.round, l.invitation_id
                     FROM {STANDING} AND {condition} ORDER BY {order}"
                ))
                .at(path)?;
            let mut rows = stmt.query([]).at(path)?;
            let mut group: Option<Standing> = None;
            while let Some(row) = rows.next().at(path)? {
                let school: String = row.get(0).at(path)?;
                let code: String = row.get(1).at(path)?;
                let point = Point::of(path, school, &code)?;
                if group.as_ref().is_some_and(|g| g.point != point)
                    && let Some(done) = group.take()
                {
                    emit(done)?;
                }
                let standing = group.get_or_insert_with(|| Standing {
                    point,
                    ids: Vec::new(),
                    rounds: Vec::new(),
                    invitation_ids: Vec::new(),
                });
                standing.ids.push(row.get(2).at(path)?);
                standing.rounds.push(row.get(3).at(path)?);
                standing.invitation_ids.push(row.get(4).at(path)?);
            }
            if let Some(done) = group {
                emit(done)?;
            }
        }
        Ok(())
    }

    /// The standing letters of `point`, in delivery order.
    pub(crate) fn standing_letters_of(&self, point: &Point) -> Result<Vec<Printed>> {
        let path = &self.path;
        let (condition, order) = (point.condition(), point.order());
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LETTER_COLUMNS} FROM {STANDING} AND {condition} ORDER BY {order}"
            ))
            .at(path)?;
        let mut rows = stmt
            .query(params![rusqlite::types::Null, point.value()])
            .at(path)?;
        let mut letters = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            letters.push(printed_row(path, row, 0)?);
        }
        Ok(letters)
    }

    /// The standing letter of invitation `id`, if it has one.
    pub(crate) fn standing_letter(&self, id: &str) -> Result<Option<Printed>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LETTER_COLUMNS} FROM letter l
                 WHERE l.invitation_id = ?1 AND l.void_round IS NULL"
            ))
            .at(path)?;
        let mut rows = stmt.query([id]).at(path)?;
        match rows.next().at(path)? {
            Some(row) => Ok(Some(printed_row(path, row, 0)?)),
            None => Ok(None),
        }
    }
}

pub(super) fn round_points_in(conn: &Connection, path: &Path, round: i64) -> Result<Vec<Point>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT school, village_code FROM letter WHERE round = ?1 OR void_round = ?1",
        )
        .at(path)?;
    let rows = stmt
        .query_map([round], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .at(path)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .at(path)?;
    let mut points = rows
        .into_iter()
        .map(|(school, code)| Point::of(path, school, &code))
        .collect::<Result<Vec<_>>>()?;
    points.sort();
    points.dedup();
    Ok(points)
}
