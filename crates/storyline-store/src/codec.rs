//! The compact binary form of an article's incremental state (the `state`
//! column): little-endian, length-prefixed, versioned by its first byte.
//! Links (and the article a twin stands with) are stored by article
//! sequence number, not by in-memory position. Format 2 added the twin; a
//! format-1 state reads as no twin.

use storyline::stories::{ItemState, StoryInput};

const FORMAT: u8 = 2;

/// An article's persisted state: its index state with links by sequence
/// number, and its sentences' copy keys.
pub(crate) struct Saved {
    pub state: ItemState,
    pub sentence_keys: Vec<u64>,
}

pub(crate) fn encode(state: &ItemState, sentence_keys: &[u64]) -> Vec<u8> {
    let x = &state.input;
    let mut b = Vec::with_capacity(
        64 + 12 * (x.vector.len() + x.tf.len())
            + 8 * (x.copy_groups.len() + state.keys.len() + sentence_keys.len())
            + 16 * state.links.len(),
    );
    b.push(FORMAT);
    b.extend_from_slice(
        &x.published
            .map_or(i64::MIN, |t| t.as_second())
            .to_le_bytes(),
    );
    b.extend_from_slice(&x.weighed_at.to_le_bytes());
    for v in [&x.vector, &x.tf] {
        b.extend_from_slice(&(v.len() as u32).to_le_bytes());
        for &(id, w) in v.iter() {
            b.extend_from_slice(&id.to_le_bytes());
            b.extend_from_slice(&w.to_le_bytes());
        }
    }
    let groups: Vec<u64> = x.copy_groups.iter().map(|&g| g as u64).collect();
    for list in [&groups, &state.keys, &sentence_keys.to_vec()] {
        b.extend_from_slice(&(list.len() as u32).to_le_bytes());
        for &k in list.iter() {
            b.extend_from_slice(&k.to_le_bytes());
        }
    }
    b.extend_from_slice(&(state.links.len() as u32).to_le_bytes());
    for &(seq, sim) in &state.links {
        b.extend_from_slice(&(seq as u64).to_le_bytes());
        b.extend_from_slice(&sim.to_le_bytes());
    }
    b.extend_from_slice(&(state.story as u64).to_le_bytes());
    let twin = state.twin_of.map_or(u64::MAX, |t| t as u64);
    b.extend_from_slice(&twin.to_le_bytes());
    b
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let s = self.bytes.get(self.at..self.at + N)?;
        self.at += N;
        s.try_into().ok()
    }
    fn u32(&mut self) -> Option<u32> {
        self.take::<4>().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take::<8>().map(u64::from_le_bytes)
    }
    /// A length prefix, checked against the bytes left (`width` bytes per item).
    fn len(&mut self, width: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(width)? <= self.bytes.len() - self.at).then_some(n)
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Option<Saved> {
    let (&format, _) = bytes.split_first()?;
    if format != FORMAT && format != 1 {
        return None;
    }
    let mut r = Reader { bytes, at: 1 };
    let published = match i64::from_le_bytes(r.take::<8>()?) {
        i64::MIN => None,
        s => Some(jiff::Timestamp::from_second(s).ok()?),
    };
    let weighed_at = r.u32()?;
    let mut vectors = Vec::with_capacity(2);
    for _ in 0..2 {
        let n = r.len(12)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.u64()?;
            let w = f32::from_le_bytes(r.take::<4>()?);
            v.push((id, w));
        }
        vectors.push(v);
    }
    let mut lists = Vec::with_capacity(3);
    for _ in 0..3 {
        let n = r.len(8)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(r.u64()?);
        }
        lists.push(v);
    }
    let n = r.len(16)?;
    let mut links = Vec::with_capacity(n);
    for _ in 0..n {
        let seq = r.u64()? as usize;
        links.push((seq, f64::from_le_bytes(r.take::<8>()?)));
    }
    let story = r.u64()? as usize;
    let twin_of = if format >= 2 {
        match r.u64()? {
            u64::MAX => None,
            t => Some(t as usize),
        }
    } else {
        None
    };
    let sentence_keys = lists.pop()?;
    let keys = lists.pop()?;
    let copy_groups = lists.pop()?.into_iter().map(|g| g as usize).collect();
    let tf = vectors.pop()?;
    let vector = vectors.pop()?;
    Some(Saved {
        state: ItemState {
            input: StoryInput {
                vector,
                published,
                copy_groups,
                tf,
                weighed_at,
            },
            keys,
            links,
            story,
            twin_of,
        },
        sentence_keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_damage_is_refused() {
        let state = ItemState {
            input: StoryInput {
                vector: vec![(3, 0.5), (9, 0.25)],
                published: Some(jiff::Timestamp::from_second(1_700_000_000).expect("ts")),
                copy_groups: vec![7, 1 << 40],
                tf: vec![(3, 1.0), (9, 2.0), (11, 1.5)],
                weighed_at: 42,
            },
            keys: vec![1, 2, 3],
            links: vec![(12, 0.31), (40, 0.07)],
            story: 5,
            twin_of: Some(12),
        };
        let bytes = encode(&state, &[0, 99]);
        let back = decode(&bytes).expect("decodes");
        assert_eq!(back.state, state);
        assert_eq!(back.sentence_keys, vec![0, 99]);
        for cut in [0, 1, 9, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut huge = bytes.clone();
        huge[13..17].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&huge).is_none());
        // A state written before twins (format 1) reads as no twin.
        let mut old = bytes[..bytes.len() - 8].to_vec();
        old[0] = 1;
        let back = decode(&old).expect("format 1 decodes");
        assert_eq!(back.state.twin_of, None);
        assert_eq!(back.state.story, 5);
    }
}
