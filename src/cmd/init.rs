//! `papila init DIR`: a campaign folder that `papila check` runs out of the box.

use std::path::Path;

use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::output::ensure_dir;

const CONFIG: &str = include_str!("../../assets/init/papila.toml");
const SAMPLE_PEOPLE: &str = include_str!("../../assets/init/contoh.csv");

pub(crate) fn run(args: &InitArgs) -> Result<()> {
    let dir = &args.dir;
    let config = dir.join("papila.toml");
    if config.exists() {
        return Err(Error::WouldOverwrite {
            path: config,
            hint:
                "this folder already holds a campaign; choose a new folder name for `papila init`"
                    .into(),
        });
    }
    ensure_dir(dir)?;
    let key = dir.join("keys").join("papila.key");
    crate::keys::generate(&key)?;
    write(&dir.join("people").join("contoh.csv"), SAMPLE_PEOPLE)?;
    for (name, text) in crate::render::world::TEMPLATES
        .into_iter()
        .chain(crate::dispatch::templates::DEFAULTS)
    {
        write(&dir.join("templates").join(name), text)?;
    }
    write(&config, CONFIG)?;

    let shown = dir.display();
    println!("Created a campaign in {shown}:");
    println!(
        "  {shown}/papila.toml         the campaign: dates, letterhead, offices and their sessions"
    );
    println!(
        "  {shown}/people/contoh.csv   five sample people; replace them with your SIAK or Excel exports"
    );
    println!(
        "  {shown}/templates/          the letter (invitation.typ), the sheets (sheets.typ), the coverage summary (report.typ), the SMS (sms.hbs) and email (email.hbs, email.html.hbs) texts; edit freely"
    );
    println!(
        "  {shown}/keys/papila.key     the signing key for QR codes (secret; keys/papila.key.pub is public)"
    );
    println!();
    println!("Next: edit papila.toml, put your lists in {shown}/people/, then run");
    println!("  papila check -c {shown}/papila.toml");
    println!("and, when the check reads well, the whole job:");
    println!("  papila run -c {shown}/papila.toml");
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        ensure_dir(parent)?;
    }
    let mut f = crate::output::create_new_private(path)?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| Error::io("write", path, e))
}
