//! Graphics shared by web and print (temporary stub until the `graphics` branch lands).

pub mod flowchart;
pub mod qr;

pub use flowchart::{FlowStep, FlowStyle, flowchart_svg};
pub use qr::{QrError, qr_svg};
