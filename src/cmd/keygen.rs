//! `papila keygen PATH`: a new signing key, never over an old one.

use crate::cli::KeygenArgs;
use crate::error::Result;

pub(crate) fn run(args: &KeygenArgs) -> Result<()> {
    let public = crate::keys::generate(&args.path)?;
    println!(
        "Wrote the signing key to {} (readable by you only) and its public half to {}.",
        args.path.display(),
        public.display()
    );
    println!(
        "Keep the key secret and backed up: letters signed with it can only be verified while it exists. \
         Give the .pub file to offices that check QR codes."
    );
    Ok(())
}
