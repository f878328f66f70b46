//! An averaged perceptron over hashed sparse features (Collins 2002), for
//! greedy left-to-right sequence tagging.
//!
//! Features are `u64` hashes (a template id mixed with the hash of its
//! value), folded into `2^bits` buckets (the hashing trick: colliding
//! features share weights, and the model learns with the collisions); each
//! bucket holds one weight per label. Training keeps, per weight, the running
//! total needed for averaging with the usual lazy timestamp trick, so one
//! update costs O(features × 2). The trained model stores each averaged
//! weight as an `i16` with one scale for the model, so that it ships as a
//! small file of `2^bits × labels × 2` bytes.
//!
//! Nothing here is random: training visits the examples in the order given,
//! so the same data gives the same bytes.

/// A trained model: averaged, quantized weights of `2^bits` feature buckets.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    labels: usize,
    bits: u32,
    scale: f32,
    weights: Vec<i16>,
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("model file: {0}")]
pub struct ModelError(&'static str);

const MAGIC: &[u8; 8] = b"SLPERC02";

fn bucket(feature: u64, bits: u32) -> usize {
    (feature & ((1u64 << bits) - 1)) as usize
}

impl Model {
    /// Number of labels the model scores.
    pub fn labels(&self) -> usize {
        self.labels
    }

    /// Number of feature buckets with a weight.
    pub fn features(&self) -> usize {
        self.weights
            .chunks_exact(self.labels)
            .filter(|w| w.iter().any(|&x| x != 0))
            .count()
    }

    /// Sums the weights of `features` into `scores` (one per label).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in features {
            let at = bucket(f, self.bits) * self.labels;
            for (s, &x) in scores.iter_mut().zip(&self.weights[at..at + self.labels]) {
                *s += f32::from(x);
            }
        }
        for s in scores.iter_mut() {
            *s *= self.scale;
        }
    }

    /// The bytes of the model file: magic, label count (u8), bucket bits
    /// (u8), scale (f32 LE), then `2^bits × labels` weights (i16 LE).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(14 + 2 * self.weights.len());
        out.extend_from_slice(MAGIC);
        out.push(self.labels as u8);
        out.push(self.bits as u8);
        out.extend_from_slice(&self.scale.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let rest = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or(ModelError("not a storyline perceptron model"))?;
        let [labels, bits, s0, s1, s2, s3, rest @ ..] = rest else {
            return Err(ModelError("truncated header"));
        };
        let (labels, bits) = (usize::from(*labels), u32::from(*bits));
        if labels == 0 || !(1..=24).contains(&bits) {
            return Err(ModelError("bad label count or bucket bits"));
        }
        if rest.len() != (labels << bits) * 2 {
            return Err(ModelError("length does not match the header"));
        }
        Ok(Model {
            labels,
            bits,
            scale: f32::from_le_bytes([*s0, *s1, *s2, *s3]),
            weights: rest
                .chunks_exact(2)
                .map(|c| i16::from_le_bytes([c[0], c[1]]))
                .collect(),
        })
    }
}

/// One weight under training: current value, running total, and the step of
/// its last change.
#[derive(Debug, Clone, Copy, Default)]
struct Weight {
    value: f32,
    total: f64,
    since: u64,
}

/// Online training of an averaged perceptron.
#[derive(Debug)]
pub struct Trainer {
    labels: usize,
    bits: u32,
    step: u64,
    weights: Vec<Weight>,
}

impl Trainer {
    /// A trainer for `labels` labels over `2^bits` feature buckets.
    pub fn new(labels: usize, bits: u32) -> Trainer {
        Trainer {
            labels,
            bits,
            step: 0,
            weights: vec![Weight::default(); labels << bits],
        }
    }

    /// Scores of the current (not averaged) weights.
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in features {
            let at = bucket(f, self.bits) * self.labels;
            for (s, x) in scores.iter_mut().zip(&self.weights[at..at + self.labels]) {
                *s += x.value;
            }
        }
    }

    /// One example seen: when `predicted` is not `gold`, the gold label's
    /// weights go up and the predicted one's down.
    pub fn update(&mut self, features: &[u64], gold: usize, predicted: usize) {
        self.step += 1;
        if gold == predicted {
            return;
        }
        let step = self.step;
        for &f in features {
            let at = bucket(f, self.bits) * self.labels;
            for (label, delta) in [(gold, 1.0f32), (predicted, -1.0)] {
                let x = &mut self.weights[at + label];
                x.total += f64::from(x.value) * (step - x.since) as f64;
                x.since = step;
                x.value += delta;
            }
        }
    }

    /// The averaged weights, quantized to `i16` with one scale.
    pub fn finish(self) -> Model {
        let step = self.step.max(1);
        let averaged: Vec<f32> = self
            .weights
            .iter()
            .map(|x| {
                ((x.total + f64::from(x.value) * (step - x.since) as f64) / step as f64) as f32
            })
            .collect();
        let max = averaged.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 {
            max / f32::from(i16::MAX)
        } else {
            1.0
        };
        Model {
            labels: self.labels,
            bits: self.bits,
            scale,
            weights: averaged
                .iter()
                .map(|x| (x / scale).round() as i16)
                .collect(),
        }
    }
}

/// The label with the highest score; ties go to the lower label.
pub fn best(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two labels told apart by one feature each, with a shared bias.
    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let mut t = Trainer::new(2, 8);
        let data = [(vec![1u64, 10], 0usize), (vec![2u64, 10], 1)];
        for _ in 0..5 {
            for (f, gold) in &data {
                let mut s = [0.0; 2];
                t.score(f, &mut s);
                let p = best(&s);
                t.update(f, *gold, p);
            }
        }
        let m = t.finish();
        for (f, gold) in &data {
            let mut s = [0.0; 2];
            m.score(f, &mut s);
            assert_eq!(best(&s), *gold);
        }
        let back = Model::from_bytes(&m.to_bytes()).expect("round trip");
        assert_eq!(back, m);
    }

    #[test]
    fn rejects_damaged_files() {
        assert!(Model::from_bytes(b"nope").is_err());
        let mut t = Trainer::new(3, 4);
        t.update(&[7], 1, 0);
        let mut bytes = t.finish().to_bytes();
        bytes.pop();
        assert!(Model::from_bytes(&bytes).is_err());
    }
}
