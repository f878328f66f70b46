//! Learned components: small models trained from data in this repository's
//! reach, shipped as data files, and deterministic to retrain.
//!
//! - [`perceptron`]: an averaged perceptron over hashed features.
//! - [`attribution`]: a tagger of attribution spans (source, cue, content)
//!   trained on PolNeAR's training split.

pub mod attribution;
pub mod perceptron;
