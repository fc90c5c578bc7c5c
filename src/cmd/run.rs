//! `papila run`: plan, then render — the main job in one command.

use std::time::Instant;

use crate::cli::PlanArgs;
use crate::error::Result;
use crate::plan::{PlanOptions, plan};
use crate::render::render;

use super::Campaign;

pub fn run(args: &PlanArgs) -> Result<()> {
    let campaign = Campaign::load(&args.config)?;
    let inputs = campaign.inputs(&args.inputs);
    let report = plan(
        &campaign.config,
        &inputs,
        &campaign.out,
        PlanOptions {
            replan: args.replan,
        },
    )?;
    print!("{}", super::plan::summary(&report));
    println!();
    let started = Instant::now();
    let rendered = render(&campaign.config, &campaign.out)?;
    print!(
        "{}",
        super::render::summary(&rendered, started.elapsed().as_secs_f64())
    );
    Ok(())
}
