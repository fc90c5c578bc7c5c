//! Messages to invited people beyond the printed letter: the fields they are written from
//! (`message`), the Handlebars templates (`templates`), SMS/WhatsApp text (`sms`), and email over
//! SMTP (`email`, `smtp`) through the outbox the ledger keeps (`ledger::outbox`); and the print
//! rounds to village and recording offices (`offices`, what each email says and carries in
//! `office_mail`, their addresses from `contacts`); both
//! through one sending loop (`sending`).

pub(crate) mod contacts;
pub(crate) mod email;
pub(crate) mod message;
pub(crate) mod office_mail;
pub(crate) mod offices;
pub(crate) mod sending;
pub(crate) mod sms;
pub(crate) mod smtp;
pub(crate) mod templates;

/// An address papila can send to, or the failure a message's record keeps (the address cut short).
pub(crate) fn address(text: &str) -> std::result::Result<lettre::Address, String> {
    text.parse().map_err(|e: lettre::address::AddressError| {
        t!(
            "send-bad-address",
            address = crate::text::cut(text, 80).into_owned(),
            problem = e.to_string()
        )
    })
}
