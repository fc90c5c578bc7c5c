//! Messages to invited people beyond the printed letter: the fields they are written from
//! (`message`), the Handlebars templates (`templates`), SMS/WhatsApp text (`sms`), and email over
//! SMTP (`email`, `smtp`) through the outbox the ledger keeps (`ledger::outbox`); and the print
//! rounds to village and recording offices (`offices`, with their addresses from `contacts`).

pub(crate) mod contacts;
pub(crate) mod email;
pub(crate) mod message;
pub(crate) mod offices;
pub(crate) mod sms;
pub(crate) mod smtp;
pub(crate) mod templates;
