//! Why an invitation was cancelled or moved: the codes the ledger stores with each event, and the one
//! wording of each, made where a person reads it (never stored: a campaign may change language).

use crate::eligibility::Status;

/// Why an invitation was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cancellation {
    /// No list has a row for the person any more.
    LeftLists,
    /// The person's list now says they have recorded their e-KTP.
    RecordedSince,
    /// The person's row now has another status (too young after a corrected birth date, a
    /// duplicate, rejected, …).
    Now(Status),
    /// `--replan` found no place left for them.
    NoPlace,
}

impl Cancellation {
    /// The code the ledger stores: `left`, `recorded`, `now:<status>` or `no_place`.
    pub(crate) fn code(self) -> String {
        match self {
            Cancellation::LeftLists => "left".into(),
            Cancellation::RecordedSince => "recorded".into(),
            Cancellation::Now(status) => format!("now:{}", status.as_str()),
            Cancellation::NoPlace => "no_place".into(),
        }
    }

    /// A stored code; `None` for an empty or unknown one (an event written before codes existed
    /// and not recognised by the migration).
    pub(crate) fn parse(code: &str) -> Option<Cancellation> {
        match code {
            "left" => Some(Cancellation::LeftLists),
            "recorded" => Some(Cancellation::RecordedSince),
            "no_place" => Some(Cancellation::NoPlace),
            _ => code
                .strip_prefix("now:")
                .and_then(Status::parse)
                .map(Cancellation::Now),
        }
    }

    /// The reason in the words of the language chosen, for a summary, a check-in or a page.
    pub(crate) fn words(self) -> String {
        match self {
            Cancellation::LeftLists => t!("reason-left-lists"),
            Cancellation::RecordedSince => t!("reason-recorded-since"),
            Cancellation::Now(status) => t!("reason-now", status = status.as_str()),
            Cancellation::NoPlace => t!("reason-replan-no-place-short"),
        }
    }
}

/// Why an invitation's appointment changed (its event is `moved` or `restored`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    /// A cancelled invitation given an appointment again (the person is back in the lists).
    Restored,
    /// The person's village is now served by another office.
    OfficeChanged,
    /// `--replan` moved it.
    Replan,
    /// The person missed their appointment and is invited again.
    Reinvited,
}

impl Move {
    /// The code the ledger stores.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Move::Restored => "restored",
            Move::OfficeChanged => "office_changed",
            Move::Replan => "replan",
            Move::Reinvited => "reinvited",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cancellation_reads_back_from_its_code() {
        let all = [
            Cancellation::LeftLists,
            Cancellation::RecordedSince,
            Cancellation::NoPlace,
        ]
        .into_iter()
        .chain(Status::ALL.into_iter().map(Cancellation::Now));
        for c in all {
            assert_eq!(Cancellation::parse(&c.code()), Some(c), "{}", c.code());
        }
        assert_eq!(Cancellation::parse(""), None);
        assert_eq!(Cancellation::parse("now:asleep"), None);
        assert_eq!(Cancellation::parse("has recorded their e-KTP since"), None);
    }
}
