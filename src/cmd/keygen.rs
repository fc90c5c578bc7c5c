//! `papila keygen PATH`: a new signing key, never over an old one.

use crate::cli::KeygenArgs;
use crate::error::Result;

pub(crate) fn run(args: &KeygenArgs) -> Result<()> {
    let public = crate::keys::generate(&args.path)?;
    println!(
        "{}",
        t!("keygen-wrote", path = &args.path, public = &public)
    );
    println!("{}", t!("keygen-keep"));
    Ok(())
}
