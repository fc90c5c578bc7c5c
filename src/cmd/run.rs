//! `papila run`: plan, then render — the main job in one command.

use crate::cli::PlanArgs;
use crate::error::Result;

pub(crate) fn run(args: &PlanArgs) -> Result<()> {
    let campaign = super::plan::planned(args)?;
    crate::memory::release_freed();
    println!();
    super::render::render_and_print(&campaign)
}
