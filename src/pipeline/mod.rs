//! Every input row through ingest → validate → eligibility, one at a time, handed to a visitor.
//!
//! Two passes: the first offers every usable row to `wins::Winners`, which keeps per NIK the row
//! that wins (spec §6, "which row wins": a NIK's rows may be in any files, in any order); the second
//! decides each row, knowing whether it is the one used. Only one candidate per NIK is kept across
//! rows, so memory grows with the people, not with the rows or the files.

mod wins;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use crate::config::Config;
use crate::eligibility::{self, Rules, Status};
use crate::error::Result;
use crate::ingest::{self, Cell, FileKind, InputSpec};
use crate::region::{KecamatanCode, VillageCode};
use crate::validate::{Checked, Nik, Person, Recording, Validator, cell_text};
pub(crate) use wins::{History, NoHistory};
use wins::{Newness, Winners, fingerprint};

/// One assessed row, as the manifest and the scheduler see it.
pub struct Assessed<'a> {
    pub source: &'a str,
    pub line: u64,
    pub nik: &'a str,
    pub name: &'a str,
    pub village: Option<VillageCode>,
    pub status: Status,
    /// Why the status is not `invited`; empty for `invited`.
    pub reason: String,
    pub warnings: &'a [String],
    /// The person, for every row that passed validation (whatever its status).
    pub(crate) person: Option<&'a Person>,
    /// The fingerprint of the row's content (`wins::fingerprint`), for every row that passed.
    pub(crate) fingerprint: Option<&'a str>,
    /// A row of a school's list.
    pub(crate) student: Option<StudentOf<'a>>,
}

/// The school and class of a school list's row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StudentOf<'a> {
    /// Index in `Config::schools`.
    pub(crate) school: usize,
    pub(crate) npsn: &'a str,
    pub(crate) class: &'a str,
}

/// Where a student's row is (the first usable one of their NIK in the schools' lists).
struct StudentAt {
    source: std::rc::Rc<str>,
    line: u64,
    table: u32,
}

/// What a pass over the inputs found, for the summary.
#[derive(Debug, Default)]
pub struct Totals {
    pub files: usize,
    pub rows: u64,
    pub by_status: BTreeMap<Status, u64>,
    /// Per kecamatan (None: village unknown), rows by status.
    pub by_kecamatan: BTreeMap<Option<KecamatanCode>, BTreeMap<Status, u64>>,
    pub warnings: u64,
    /// Things passed over and said so: files that are not lists, sheets without a NIK column, empty
    /// rows.
    pub notices: Vec<String>,
    /// Rows that passed the checks, by the recording status their list gives (none given: not
    /// counted).
    pub(crate) by_recording: BTreeMap<Recording, u64>,
    /// NIKs read from `[input] recorded`.
    pub recorded_list: Option<usize>,
    /// The first rejected rows (`source:line  reason`), for a summary to quote.
    pub first_rejections: Vec<String>,
    /// `duplicate` rows whose content differs from the row used.
    pub(crate) disagreeing: u64,
    /// NIKs whose rows nothing told apart but the order of the files (warned).
    pub(crate) by_order: u64,
}

impl Totals {
    /// Counts one assessed row.
    fn count(&mut self, source: &str, line: u64, status: Status, reason: &str, checked: &Checked) {
        if status == Status::Rejected && self.first_rejections.len() < QUOTED_REJECTIONS {
            self.first_rejections
                .push(format!("{source}:{line}  {reason}"));
        }
        *self.by_status.entry(status).or_default() += 1;
        *self
            .by_kecamatan
            .entry(checked.village.map(VillageCode::kecamatan))
            .or_default()
            .entry(status)
            .or_default() += 1;
        self.warnings += checked.warnings.len() as u64;
        if let Ok(person) = &checked.person
            && person.recording != Recording::Unstated
        {
            *self.by_recording.entry(person.recording).or_default() += 1;
        }
    }
}

/// How many rejected rows `Totals` keeps for quoting; the rest are in the manifest.
const QUOTED_REJECTIONS: usize = 5;

/// Runs every row of `inputs` through the checks and hands each to `visit`, in input order, with
/// no history of earlier plans (every row is news).
pub fn assess(
    config: &Config,
    inputs: &[InputSpec],
    visit: impl FnMut(&Assessed<'_>) -> Result<()>,
) -> Result<Totals> {
    assess_with(config, inputs, &NoHistory, visit)
}

/// `assess`, deciding between a NIK's rows with what earlier plans saw (`history`).
pub(crate) fn assess_with(
    config: &Config,
    inputs: &[InputSpec],
    history: &dyn History,
    mut visit: impl FnMut(&Assessed<'_>) -> Result<()>,
) -> Result<Totals> {
    let mut totals = Totals::default();
    let recorded = match &config.input.recorded {
        Some(spec) => {
            let (set, notes) = read_recorded(spec)?;
            totals.recorded_list = Some(set.len());
            totals.notices.extend(notes);
            set
        }
        None => HashSet::new(),
    };
    let expanded = ingest::expand(inputs)?;
    if expanded.files.is_empty() {
        return Err(crate::error::Error::NoInput {
            searched: inputs.iter().map(|s| s.shown.clone()).collect(),
        });
    }
    totals
        .notices
        .extend(expanded.skipped.iter().map(|s| format!("skipped {s}")));

    let validator = Validator::new(config);
    let (winners, students) = first_pass(config, inputs, &expanded, &validator, history)?;
    // SIAK's row of each student, kept from its (earlier) SIAK list for the school row to use.
    let mut siak_of_student: std::collections::HashMap<u64, Person> =
        std::collections::HashMap::new();
    let served_anywhere = |_: VillageCode| true;
    let student_rules = Rules {
        election_date: config.campaign.election_date,
        is_served: &served_anywhere,
    };
    let routes = config.routes();
    let is_served = |v: VillageCode| routes.serves(v, None);
    let rules = Rules {
        election_date: config.campaign.election_date,
        is_served: &is_served,
    };
    let mut table_index = 0u32;
    for file in &expanded.files {
        let spec = &inputs[file.spec];
        let (tables, ignored) = ingest::open(file, spec, &config.input.columns)?;
        totals.files += 1;
        for ig in ignored {
            if ig.rows > 0 {
                totals.notices.push(t!(
                    "check-ignored-sheet",
                    sheet = &ig.source,
                    rows = ig.rows
                ));
            }
        }
        for mut table in tables {
            let this_table = table_index;
            table_index += 1;
            let mut blank_lines = Vec::new();
            while let Some(row) = table.next_row()? {
                if row.is_blank() {
                    blank_lines.push(row.line);
                    continue;
                }
                totals.rows += 1;
                let checked = validator.check(&table, spec, &row);
                let mut warnings = Cow::Borrowed(checked.warnings.as_slice());
                if let Some(student) = &checked.student {
                    let routed = student_row(
                        config,
                        &checked,
                        student,
                        (this_table, row.line),
                        &students,
                        &mut siak_of_student,
                        (&student_rules, &routes),
                        &recorded,
                    );
                    let print = routed.person.as_ref().map(fingerprint);
                    warnings.to_mut().extend(routed.warnings);
                    totals.count(
                        &table.source,
                        row.line,
                        routed.status,
                        &routed.reason,
                        &checked,
                    );
                    visit(&Assessed {
                        source: &table.source,
                        line: row.line,
                        nik: &checked.nik_text,
                        name: routed.person.as_ref().map_or(&checked.name, |p| &p.name),
                        village: routed
                            .person
                            .as_ref()
                            .map(|p| p.village)
                            .or(checked.village),
                        status: routed.status,
                        reason: routed.reason,
                        warnings: &warnings,
                        person: routed.person.as_ref(),
                        fingerprint: print.as_deref(),
                        student: Some(StudentOf {
                            school: student.school,
                            npsn: &config.schools[student.school].npsn,
                            class: &student.class,
                        }),
                    })?;
                    continue;
                }
                let print = checked.person.as_ref().ok().map(fingerprint);
                let (status, reason) = match &checked.person {
                    Err(problems) => (Status::Rejected, problems.join("; ")),
                    Ok(person) if students.contains_key(&person.nik.value()) => {
                        // A student of a visited school: their school row is used (spec §11);
                        // the winning SIAK row completes it.
                        let at = &students[&person.nik.value()];
                        let winner = winners
                            .get(person.nik.value())
                            .expect("the first pass offered every usable row");
                        if winner.is(this_table, row.line) {
                            siak_of_student.insert(person.nik.value(), person.clone());
                        }
                        (
                            Status::Duplicate,
                            t!(
                                "reason-duplicate-student",
                                source = &*at.source,
                                line = at.line
                            ),
                        )
                    }
                    Ok(person) => {
                        let winner = winners
                            .get(person.nik.value())
                            .expect("the first pass offered every usable row");
                        if winner.is(this_table, row.line) {
                            if let (Some((source, line)), Some(why)) = (&winner.other, winner.why) {
                                if why == wins::Why::LastInOrder {
                                    totals.by_order += 1;
                                }
                                warnings.to_mut().push(t!(
                                    "wins-warning",
                                    count = winner.differing,
                                    source = &**source,
                                    line = *line,
                                    why = why.words()
                                ));
                            }
                            eligibility::decide(
                                person,
                                &rules,
                                recorded.contains(&person.nik.value()),
                            )
                        } else {
                            let used = &winner.summary;
                            let mut reason =
                                t!("reason-duplicate", source = &*used.source, line = used.line);
                            if print.as_deref() != Some(winner.fingerprint()) {
                                totals.disagreeing += 1;
                                reason = t!(
                                    "reason-duplicate-differs",
                                    used = reason,
                                    differs = used.differences(person).join(", ")
                                );
                            }
                            (Status::Duplicate, reason)
                        }
                    }
                };
                totals.count(&table.source, row.line, status, &reason, &checked);
                visit(&Assessed {
                    source: &table.source,
                    line: row.line,
                    nik: &checked.nik_text,
                    name: &checked.name,
                    village: checked.village,
                    status,
                    reason,
                    warnings: &warnings,
                    person: checked.person.as_ref().ok(),
                    fingerprint: print.as_deref(),
                    student: None,
                })?;
            }
            if !blank_lines.is_empty() {
                totals.notices.push(t!(
                    "check-blank-rows",
                    source = &table.source,
                    count = blank_lines.len(),
                    lines = line_list(&blank_lines)
                ));
            }
        }
    }
    Ok(totals)
}

/// The first pass: every usable row offered, so each NIK's winner is known before any row of it
/// is decided.
fn first_pass(
    config: &Config,
    inputs: &[InputSpec],
    expanded: &ingest::Expanded,
    validator: &Validator,
    history: &dyn History,
) -> Result<(Winners, std::collections::HashMap<u64, StudentAt>)> {
    let mut winners = Winners::default();
    let mut students = std::collections::HashMap::new();
    let mut table_index = 0u32;
    for file in &expanded.files {
        let spec = &inputs[file.spec];
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let newness = Newness::of_file(&file.path, &name);
        let (tables, _) = ingest::open(file, spec, &config.input.columns)?;
        for mut table in tables {
            let this_table = table_index;
            table_index += 1;
            let source: std::rc::Rc<str> = table.source.as_str().into();
            while let Some(row) = table.next_row()? {
                if row.is_blank() {
                    continue;
                }
                let checked = validator.check(&table, spec, &row);
                if let Some(student) = &checked.student {
                    if let Some(nik) = student.nik {
                        students.entry(nik.value()).or_insert(StudentAt {
                            source: std::rc::Rc::clone(&source),
                            line: row.line,
                            table: this_table,
                        });
                    }
                    continue;
                }
                if let Ok(person) = checked.person {
                    let print = fingerprint(&person);
                    winners.offer(
                        history, this_table, &source, row.line, newness, &person, print,
                    )?;
                }
            }
        }
    }
    Ok((winners, students))
}

/// What a school row comes to.
struct Routed {
    status: Status,
    reason: String,
    person: Option<Person>,
    warnings: Vec<String>,
}

/// A school row (spec §11): the student's first usable row is the one used, completed by their
/// SIAK row (village, KK, recording status, the name and birth date as the civil registry has
/// them); a student SIAK lacks is invited on the school's word, with a warning.
#[allow(clippy::too_many_arguments)]
fn student_row(
    config: &Config,
    checked: &Checked,
    student: &crate::validate::Student,
    (table, line): (u32, u64),
    students: &std::collections::HashMap<u64, StudentAt>,
    siak_of_student: &mut std::collections::HashMap<u64, Person>,
    (rules, routes): (&Rules<'_>, &crate::config::Routes),
    recorded: &HashSet<u64>,
) -> Routed {
    let rejected = |reason: String| Routed {
        status: Status::Rejected,
        reason,
        person: None,
        warnings: Vec::new(),
    };
    let Some(nik) = student.nik else {
        return rejected(
            checked
                .person
                .as_ref()
                .err()
                .map(|p| p.join("; "))
                .unwrap_or_default(),
        );
    };
    let first = &students[&nik.value()];
    if (first.table, first.line) != (table, line) {
        return Routed {
            status: Status::Duplicate,
            reason: t!(
                "reason-duplicate",
                source = &*first.source,
                line = first.line
            ),
            person: None,
            warnings: Vec::new(),
        };
    }
    let mut warnings = Vec::new();
    let school = &config.schools[student.school].name;
    let person = match (siak_of_student.remove(&nik.value()), &checked.person) {
        (Some(siak), _) => {
            if let Some(birth) = student.birth_date
                && birth != siak.birth_date
            {
                warnings.push(t!(
                    "warn-student-birth",
                    school = school,
                    dapodik = birth.to_string(),
                    siak = siak.birth_date.to_string()
                ));
            }
            if !checked.name.is_empty()
                && crate::text::fold_name(&checked.name) != crate::text::fold_name(&siak.name)
            {
                warnings.push(t!(
                    "warn-student-name",
                    dapodik = crate::text::cut(&checked.name, 60).into_owned(),
                    siak = siak.name.as_str()
                ));
            }
            siak
        }
        (None, Ok(own)) => {
            warnings.push(t!("warn-student-not-in-siak", school = school));
            own.clone()
        }
        (None, Err(problems)) if student.usable_but_village => {
            return rejected(t!(
                "reason-student-no-village",
                problems = problems.join("; ")
            ));
        }
        (None, Err(problems)) => return rejected(problems.join("; ")),
    };
    let (mut status, mut reason) =
        eligibility::decide(&person, rules, recorded.contains(&person.nik.value()));
    if status == Status::Invited && !routes.serves(person.village, Some(student.school)) {
        status = Status::OutOfArea;
        reason = t!("reason-student-no-visit", school = school);
    }
    Routed {
        status,
        reason,
        person: Some(person),
        warnings,
    }
}

fn line_list(lines: &[u64]) -> String {
    let shown: Vec<String> = lines.iter().take(5).map(u64::to_string).collect();
    if lines.len() > 5 {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The NIKs of `[input] recorded`: the first value of each line or row, header or not. Values that
/// are not NIKs are reported, not silently dropped.
fn read_recorded(spec: &InputSpec) -> Result<(HashSet<u64>, Vec<String>)> {
    let mut set = HashSet::new();
    let mut bad: Vec<String> = Vec::new();
    let mut take = |line: u64, cell: &Cell, may_be_header: bool| {
        let text = cell_text(cell);
        if text.is_empty() {
            return;
        }
        match (cell, Nik::read(&text).map(|(nik, _)| nik)) {
            (Cell::Text(_), Ok(nik)) => {
                set.insert(nik.value());
            }
            _ if may_be_header && !text.starts_with(|c: char| c.is_ascii_digit()) => {}
            (_, Err(e)) => bad.push(format!("line {line}: NIK {e}")),
            (_, Ok(_)) => bad.push(format!(
                "line {line}: NIK {}",
                Nik::from_number_cell(text.parse().unwrap_or(0.0))
            )),
        }
    };
    let expanded = ingest::expand(std::slice::from_ref(spec))?;
    for file in &expanded.files {
        match file.kind {
            FileKind::Csv => {
                let mut t = ingest::csv::CsvTable::open(&file.path)?;
                if let Some(h) = t.headers.first() {
                    take(1, &Cell::Text(h.clone()), true);
                }
                while let Some((line, cells)) = t.next_row(&file.path)? {
                    if let Some(c) = cells.first() {
                        take(line, c, false);
                    }
                }
            }
            FileKind::Workbook => {
                for mut sheet in ingest::sheet::open(&file.path, |_| true)? {
                    let headers = sheet.headers();
                    if let Some(h) = headers.first() {
                        take(1, &Cell::Text(h.clone()), true);
                    }
                    while let Some((line, cells)) = sheet.next_row() {
                        if let Some(c) = cells.iter().find(|c| **c != Cell::Empty) {
                            take(line, c, false);
                        }
                    }
                }
            }
        }
    }
    let mut notes = Vec::new();
    if !bad.is_empty() {
        notes.push(t!(
            "check-recorded-not-niks",
            file = &spec.shown,
            count = bad.len(),
            first = &bad[0]
        ));
    }
    Ok((set, notes))
}
