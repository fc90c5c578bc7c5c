//! Messages to invited people beyond the printed letter: SMS/WhatsApp text (`sms`), and the
//! Handlebars templates they are written from (`templates`).

pub mod sms;
pub mod templates;
