//! Connecting the processes of a cluster, within a bounded time, and checking
//! that they run the same job before timely takes the sockets over.
//!
//! timely's own connection step retries an unreachable peer forever and
//! prints to standard output (where the report may go), and it does not
//! check that the peers agree on the job. So the sockets are made here:
//! process `i` listens on its own address, connects to every lower process
//! and accepts every higher one, as timely expects; each side sends a hello
//! (who it is, how many processes and workers it expects, a fingerprint of
//! its input and options) and checks the other's.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::{Cluster, Error};

/// The first bytes of every hello: a peer that is not storyline is told apart.
const MAGIC: &[u8; 16] = b"storyline-dist/1";
const HELLO_BYTES: usize = 16 + 4 * 8;

/// Who a process is and what job it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hello {
    process: u64,
    processes: u64,
    workers: u64,
    job: u64,
}

impl Hello {
    fn encode(&self) -> [u8; HELLO_BYTES] {
        let mut out = [0u8; HELLO_BYTES];
        out[..16].copy_from_slice(MAGIC);
        for (k, v) in [self.process, self.processes, self.workers, self.job]
            .into_iter()
            .enumerate()
        {
            out[16 + 8 * k..24 + 8 * k].copy_from_slice(&v.to_le_bytes());
        }
        out
    }

    fn decode(bytes: &[u8; HELLO_BYTES]) -> Option<Hello> {
        if &bytes[..16] != MAGIC {
            return None;
        }
        let word = |k: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[16 + 8 * k..24 + 8 * k]);
            u64::from_le_bytes(w)
        };
        Some(Hello {
            process: word(0),
            processes: word(1),
            workers: word(2),
            job: word(3),
        })
    }
}

/// One connected socket per other process (`None` at this process's place),
/// each peer checked to run the same job.
pub(crate) fn connect(cluster: &Cluster, job: u64) -> Result<Vec<Option<TcpStream>>, Error> {
    let me = cluster.process;
    let hosts = &cluster.hosts;
    let deadline = Instant::now() + cluster.timeout;
    let mine = Hello {
        process: me as u64,
        processes: cluster.processes as u64,
        workers: cluster.workers as u64,
        job,
    };
    let listener = TcpListener::bind(&hosts[me]).map_err(|e| Error::Listen {
        address: hosts[me].clone(),
        source: e,
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Io(e.to_string()))?;
    let mut sockets: Vec<Option<TcpStream>> = (0..hosts.len()).map(|_| None).collect();
    for (peer, address) in hosts.iter().enumerate().take(me) {
        let mut stream = connect_until(address, deadline).ok_or_else(|| Error::Unreachable {
            process: peer,
            address: address.clone(),
            waited: cluster.timeout,
        })?;
        let theirs = handshake(&mut stream, mine, address, deadline)?;
        check(cluster, mine, theirs, peer, address)?;
        sockets[peer] = Some(stream);
    }
    let mut missing = hosts.len() - me - 1;
    while missing > 0 {
        match listener.accept() {
            Ok((mut stream, from)) => {
                stream
                    .set_nonblocking(false)
                    .map_err(|e| Error::Io(e.to_string()))?;
                let from = from.to_string();
                let theirs = handshake(&mut stream, mine, &from, deadline)?;
                let peer = theirs.process as usize;
                if peer <= me || peer >= hosts.len() || sockets[peer].is_some() {
                    return Err(Error::Mismatch(format!(
                        "a process at {from} says it is process {peer}, which is not expected to \
                         connect to process {me} (is --process given twice?)"
                    )));
                }
                check(cluster, mine, theirs, peer, &hosts[peer])?;
                sockets[peer] = Some(stream);
                missing -= 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    let peer = (me + 1..hosts.len())
                        .find(|&p| sockets[p].is_none())
                        .unwrap_or(me);
                    return Err(Error::Unreachable {
                        process: peer,
                        address: hosts[peer].clone(),
                        waited: cluster.timeout,
                    });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(Error::Io(format!("accepting on {}: {e}", hosts[me]))),
        }
    }
    // A peer whose machine vanishes sends nothing, not even a reset: keepalive
    // probes find it gone within about half a minute, the receiving thread's
    // read fails, and the job ends with an error instead of waiting forever.
    let keepalive = socket2::TcpKeepalive::new()
        .with_time(Duration::from_secs(10))
        .with_interval(Duration::from_secs(5))
        .with_retries(3);
    for s in sockets.iter().flatten() {
        s.set_read_timeout(None)
            .and_then(|_| s.set_nodelay(true))
            .and_then(|_| socket2::SockRef::from(s).set_tcp_keepalive(&keepalive))
            .and_then(|_| unsent_timeout(s))
            .map_err(|e| Error::Io(e.to_string()))?;
    }
    Ok(sockets)
}

/// Data sent to a vanished peer is retransmitted for up to about 15 minutes
/// by default; past 60 s without an acknowledgement the connection fails.
#[cfg(target_os = "linux")]
fn unsent_timeout(s: &TcpStream) -> std::io::Result<()> {
    socket2::SockRef::from(s).set_tcp_user_timeout(Some(Duration::from_secs(60)))
}

#[cfg(not(target_os = "linux"))]
fn unsent_timeout(_: &TcpStream) -> std::io::Result<()> {
    Ok(())
}

/// Connect to `address`, retrying (the peer may not be listening yet) until
/// `deadline`.
fn connect_until(address: &str, deadline: Instant) -> Option<TcpStream> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        let addrs = address.to_socket_addrs().ok().into_iter().flatten();
        for addr in addrs {
            if let Ok(s) = TcpStream::connect_timeout(&addr, left.min(Duration::from_secs(2))) {
                return Some(s);
            }
        }
        std::thread::sleep(Duration::from_millis(50).min(left));
    }
}

/// Send our hello, read theirs (both sides write first, so neither waits on
/// the other).
fn handshake(
    stream: &mut TcpStream,
    mine: Hello,
    address: &str,
    deadline: Instant,
) -> Result<Hello, Error> {
    let left = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(100));
    let io = |e: std::io::Error| Error::Io(format!("greeting {address}: {e}"));
    stream.set_read_timeout(Some(left)).map_err(io)?;
    stream.write_all(&mine.encode()).map_err(io)?;
    let mut buf = [0u8; HELLO_BYTES];
    stream.read_exact(&mut buf).map_err(io)?;
    Hello::decode(&buf).ok_or_else(|| {
        Error::Mismatch(format!(
            "{address} answered, but not as a storyline process"
        ))
    })
}

/// The peer at `address` (expected to be process `peer`) must run the same job.
fn check(
    cluster: &Cluster,
    mine: Hello,
    theirs: Hello,
    peer: usize,
    address: &str,
) -> Result<(), Error> {
    let who = format!("process {peer} at {address}");
    if theirs.process != peer as u64 {
        return Err(Error::Mismatch(format!(
            "{address} is listed as process {peer} but says it is process {}",
            theirs.process
        )));
    }
    if theirs.processes != mine.processes {
        return Err(Error::Mismatch(format!(
            "{who} was started with --processes {}, this one with --processes {}",
            theirs.processes, cluster.processes
        )));
    }
    if theirs.workers != mine.workers {
        return Err(Error::Mismatch(format!(
            "{who} runs {} workers, this one {} (every process needs the same --workers)",
            theirs.workers, cluster.workers
        )));
    }
    if theirs.job != mine.job {
        return Err(Error::Mismatch(format!(
            "{who} reads other input or options than this one (job fingerprints {:016x} and \
             {:016x}): every process must be given the same files and options",
            theirs.job, mine.job
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hello_survives_its_encoding_and_a_stranger_is_told_apart() {
        let h = Hello {
            process: 3,
            processes: 4,
            workers: 2,
            job: 0xdead_beef_0123_4567,
        };
        assert_eq!(Hello::decode(&h.encode()), Some(h));
        let mut bytes = h.encode();
        bytes[..4].copy_from_slice(b"GET ");
        assert_eq!(Hello::decode(&bytes), None);
    }
}
