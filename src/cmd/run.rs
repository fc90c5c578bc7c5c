//! `papila run`: plan, then the round, then render — the main job in one command, with one context
//! and one ledger.

use crate::cli::PlanArgs;
use crate::error::Result;
use crate::ledger::Ledger;

use super::Context;

pub(crate) fn run(args: &PlanArgs) -> Result<()> {
    let ctx = Context::load(&args.config, args.today)?;
    let ledger = {
        let _lock = crate::plan::lock(&ctx.config)?;
        let mut ledger = Ledger::open_campaign(&ctx.config)?;
        super::plan::planned(&ctx, &mut ledger, args)?;
        ledger
    };
    crate::memory::release_freed();
    println!();
    super::render::render_and_print(&ctx, &ledger)
}
