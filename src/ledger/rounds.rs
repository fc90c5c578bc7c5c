//! Print rounds (gelombang): which letters went to the printer in which round, and which of them
//! are void; the letters and rounds as render reads them (`new_round` makes a round, `letter` is a
//! printed letter). A round is made when `render` finds letters not printed yet — a new person, a moved
//! appointment, a corrected name or address, a second invitation — or printed letters that no
//! longer stand; a render with nothing new makes none. Each printed letter is kept whole, so a
//! round's files can be made again byte for byte after the people lists have moved on.

use std::path::Path;

use rusqlite::{Connection, params};

use super::letter::{LETTER_COLUMNS, Printed, VoidReason, Voided, printed_row};
use super::{At, Ledger, not_written};
use crate::error::Result;
use crate::region::VillageCode;

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
}

impl RoundCounts {
    pub(crate) fn letters(&self) -> usize {
        self.new + self.replacement + self.second
    }
}

/// A village's standing letters, by their ids and rounds, in delivery order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StandingVillage {
    pub(crate) village: VillageCode,
    /// The letters' row ids.
    pub(crate) ids: Vec<i64>,
    pub(crate) rounds: Vec<i64>,
    pub(crate) invitation_ids: Vec<String>,
}

/// Standing letters whose invitation is still planned and whose person has not come: the letters
/// a village office should hold. Joined with `invitation i`.
const STANDING: &str = "letter l JOIN invitation i ON i.id = l.invitation_id
    WHERE l.void_round IS NULL AND i.state = 'planned'
      AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.invitation_id = i.id)";
const LETTER_ORDER: &str =
    "l.village_code, l.dusun, l.rw, l.rt, l.address, l.name, l.invitation_id";

impl Ledger {
    /// Every round, oldest first, with its counts.
    pub(crate) fn rounds(&self) -> Result<Vec<RoundCounts>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.id, r.day,
                    (SELECT count(*) FROM letter l WHERE l.round = r.id AND l.kind = 'new'),
                    (SELECT count(*) FROM letter l WHERE l.round = r.id AND l.kind = 'replacement'),
                    (SELECT count(*) FROM letter l WHERE l.round = r.id AND l.kind = 'second'),
                    (SELECT count(*) FROM letter l WHERE l.void_round = r.id),
                    (SELECT count(DISTINCT village_code) FROM letter l
                        WHERE l.round = r.id OR l.void_round = r.id)
                 FROM round r ORDER BY r.id",
            )
            .at(path)?;
        let rows = stmt
            .query_map([], |r| {
                let n = |i: usize| r.get::<_, i64>(i).map(|n| n as usize);
                Ok(RoundCounts {
                    round: r.get(0)?,
                    day: r.get(1)?,
                    new: n(2)?,
                    replacement: n(3)?,
                    second: n(4)?,
                    void: n(5)?,
                    villages: n(6)?,
                })
            })
            .at(path)?;
        rows.collect::<rusqlite::Result<_>>().at(path)
    }

    /// The villages round `round` has letters or void letters for, in code order.
    pub(crate) fn round_villages(&self, round: i64) -> Result<Vec<VillageCode>> {
        round_villages_in(&self.conn, &self.path, round)
    }

    /// Round `round`'s letters for `village` in delivery order, and the letters it made void.
    pub(crate) fn round_village(
        &self,
        round: i64,
        village: VillageCode,
    ) -> Result<(Vec<Printed>, Vec<Voided>)> {
        let path = &self.path;
        let code = village.to_string();
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LETTER_COLUMNS} FROM letter l WHERE l.round = ?1 AND l.village_code = ?2
                 ORDER BY {LETTER_ORDER}"
            ))
            .at(path)?;
        let mut rows = stmt.query(params![round, code]).at(path)?;
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
                 WHERE l.void_round = ?1 AND l.village_code = ?2 ORDER BY {LETTER_ORDER}"
            ))
            .at(path)?;
        let mut rows = stmt.query(params![round, code]).at(path)?;
        let mut void = Vec::new();
        while let Some(row) = rows.next().at(path)? {
            let printed = printed_row(path, row, 0)?;
            let new_village = row
                .get::<_, Option<String>>(4)
                .at(path)?
                .and_then(|v| VillageCode::parse(&v))
                .filter(|v| *v != printed.invited.village);
            let office: String = row.get(5).at(path)?;
            void.push(Voided {
                printed,
                reason: VoidReason::parse(&row.get::<_, String>(3).at(path)?),
                moved_to: new_village.map(|v| (v, office)),
            });
        }
        Ok((letters, void))
    }

    /// Per village of round `round`: how many letters it printed and how many it made void.
    pub(crate) fn round_village_counts(
        &self,
        round: i64,
    ) -> Result<std::collections::HashMap<VillageCode, (usize, usize)>> {
        let path = &self.path;
        let mut counts = std::collections::HashMap::new();
        for (column, void) in [("round", false), ("void_round", true)] {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT village_code, count(*) FROM letter WHERE {column} = ?1
                     GROUP BY village_code"
                ))
                .at(path)?;
            let rows = stmt
                .query_map([round], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })
                .at(path)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .at(path)?;
            for (code, n) in rows {
                let code = VillageCode::parse(&code)
                    .ok_or_else(|| not_written(path, "a village code", &code))?;
                let entry: &mut (usize, usize) = counts.entry(code).or_default();
                if void {
                    entry.1 = n as usize;
                } else {
                    entry.0 = n as usize;
                }
            }
        }
        Ok(counts)
    }

    /// Every village's standing letters by their ids, in delivery order, one village at a time:
    /// enough to tell whether its full set changed (letter rows are never rewritten, only voided)
    /// without reading what the letters say; `standing_letters_of` reads them for a village that
    /// must be typeset.
    pub(crate) fn each_standing_village(
        &self,
        mut emit: impl FnMut(StandingVillage) -> Result<()>,
    ) -> Result<()> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT l.village_code, l.id, l.round, l.invitation_id FROM {STANDING}
                 ORDER BY {LETTER_ORDER}"
            ))
            .at(path)?;
        let mut rows = stmt.query([]).at(path)?;
        let mut group: Option<(String, StandingVillage)> = None;
        while let Some(row) = rows.next().at(path)? {
            let code: String = row.get(0).at(path)?;
            let id: i64 = row.get(1).at(path)?;
            let round: i64 = row.get(2).at(path)?;
            if group.as_ref().is_some_and(|(c, _)| *c != code)
                && let Some((_, village)) = group.take()
            {
                emit(village)?;
            }
            let (_, village) = match &mut group {
                Some(g) => g,
                None => {
                    let village = VillageCode::parse(&code)
                        .ok_or_else(|| not_written(path, "a village code", &code))?;
                    group.insert((
                        code,
                        StandingVillage {
                            village,
                            ids: Vec::new(),
                            rounds: Vec::new(),
                            invitation_ids: Vec::new(),
                        },
                    ))
                }
            };
            village.ids.push(id);
            village.rounds.push(round);
            village.invitation_ids.push(row.get(3).at(path)?);
        }
        if let Some((_, village)) = group {
            emit(village)?;
        }
        Ok(())
    }

    /// The standing letters of `village`, in delivery order.
    pub(crate) fn standing_letters_of(&self, village: VillageCode) -> Result<Vec<Printed>> {
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {LETTER_COLUMNS} FROM {STANDING} AND l.village_code = ?1
                 ORDER BY {LETTER_ORDER}"
            ))
            .at(path)?;
        let mut rows = stmt.query([village.to_string()]).at(path)?;
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

pub(super) fn round_villages_in(
    conn: &Connection,
    path: &Path,
    round: i64,
) -> Result<Vec<VillageCode>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT village_code FROM letter WHERE round = ?1 OR void_round = ?1
             ORDER BY village_code",
        )
        .at(path)?;
    let codes = stmt
        .query_map([round], |r| r.get::<_, String>(0))
        .at(path)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .at(path)?;
    codes
        .iter()
        .map(|c| VillageCode::parse(c).ok_or_else(|| not_written(path, "a village code", c)))
        .collect()
}
