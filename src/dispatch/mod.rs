//! Messages to invited people beyond the printed letter: the fields they are written from
//! (`message`), the Handlebars templates (`templates`), SMS/WhatsApp text (`sms`), and email over
//! SMTP (`email`) with its outbox in the ledger (`outbox`).

pub mod email;
pub mod message;
pub mod outbox;
pub mod sms;
pub mod smtp;
pub mod templates;
