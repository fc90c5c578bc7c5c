//! `papila run`: plan, then render — the main job in one command.

use std::time::Instant;

use crate::cli::PlanArgs;
use crate::error::Result;
use crate::render::render;

pub fn run(args: &PlanArgs) -> Result<()> {
    let campaign = super::plan::planned(args)?;
    crate::memory::release_freed();
    println!();
    let started = Instant::now();
    let rendered = render(&campaign.config, &campaign.out)?;
    print!(
        "{}",
        super::render::summary(&rendered, started.elapsed().as_secs_f64())
    );
    Ok(())
}
