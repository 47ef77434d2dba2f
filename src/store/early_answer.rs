//! Hears a store's answer while a request body is still being sent.
//!
//! ureq reads the answer to a request only once the whole body has been sent. A store that
//! ignores `Expect: 100-continue` and refuses a large body half-way (a size limit, a 501)
//! writes its answer and closes the connection with the rest of the body unread, which resets
//! the connection: the upload then fails with "Broken pipe" or "Connection reset" and the
//! answer would be lost. The bytes that arrived before the reset can still be read (Linux keeps
//! them queued), so [`EarlyAnswerConnector`] wraps each plain-HTTP connection in a
//! transport that, when a write fails, reads what the store has sent. When that is an error
//! status (4xx or 5xx), the failed write and the rest of the body are dropped, and ureq reads
//! the answer as if the body had been sent: status, headers (`Retry-After`,
//! `WWW-Authenticate`) and text reach the caller like any other answer. Such a connection is
//! never reused. Any other outcome (no answer, a 2xx or 3xx, which cannot be about a body the
//! store did not have) keeps the write's own error.
//!
//! TLS connections are not wrapped: after a failed write, rustls first tries to send what it
//! still holds, so the answer cannot be read through it; they keep the write's error.

use std::io;

use ureq::unversioned::transport::time::Duration;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport,
};

/// How long a failed write waits for the rest of an answer's status line. The bytes sent
/// before a reset are already queued when the write fails, so this is only a bound.
const STATUS_LINE_WAIT: Duration = Duration::from_secs(2);

/// ureq's default connector, with each plain-HTTP connection wrapped in [`EarlyAnswer`].
#[derive(Debug, Default)]
pub(crate) struct EarlyAnswerConnector(DefaultConnector);

impl Connector for EarlyAnswerConnector {
    type Out = Box<dyn Transport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(self.0.connect(details, chained)?.map(|transport| {
            if transport.is_tls() {
                transport
            } else {
                Box::new(EarlyAnswer {
                    inner: transport,
                    answered: false,
                    unannounced: false,
                }) as Box<dyn Transport>
            }
        }))
    }
}

/// A transport that turns a write cut off by an error answer into that answer.
#[derive(Debug)]
struct EarlyAnswer {
    inner: Box<dyn Transport>,
    /// The store answered with an error before it had the body: later writes are dropped.
    answered: bool,
    /// The answer is in the input buffer and ureq has not been told yet.
    unannounced: bool,
}

impl EarlyAnswer {
    /// After a failed write: reads what the store sent until its status is known; `true`
    /// when it is an HTTP answer with a 4xx or 5xx status.
    fn hear_error_answer(&mut self) -> bool {
        let timeout = NextTimeout {
            after: STATUS_LINE_WAIT,
            reason: ureq::Timeout::SendBody,
            ..NextTimeout::default()
        };
        loop {
            match status_of(self.inner.buffers().input()) {
                Status::Known(status) => return (400..600).contains(&status),
                Status::NotHttp => return false,
                Status::Incomplete => {}
            }
            if !matches!(self.inner.await_input(timeout), Ok(true)) {
                return false;
            }
        }
    }
}

impl Transport for EarlyAnswer {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if self.answered {
            return Ok(()); // the store refused the body: the rest of it goes nowhere
        }
        match self.inner.transmit_output(amount, timeout) {
            Err(e) if write_cut(&e) && self.hear_error_answer() => {
                self.answered = true;
                self.unannounced = true;
                Ok(())
            }
            outcome => outcome,
        }
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        // ureq reads buffered input only after a call that made progress; the answer read
        // by a failed write is that progress. Reading the socket instead would meet the reset.
        if std::mem::take(&mut self.unannounced) {
            return Ok(true);
        }
        self.inner.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        // After an early answer the store and ureq disagree on where the request ended.
        !self.answered && self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// Whether a write failed in a way that an answer from the store may explain: the store
/// closed the connection, or stopped reading for longer than the write timeout.
fn write_cut(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::Io(e) => matches!(
            e.kind(),
            io::ErrorKind::BrokenPipe
                | io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
        ),
        ureq::Error::Timeout(_) => true,
        _ => false,
    }
}

/// What the start of a response says its status is.
#[derive(Debug, PartialEq, Eq)]
enum Status {
    /// `HTTP/x.y NNN`.
    Known(u16),
    /// Too few bytes to tell.
    Incomplete,
    /// Not an HTTP status line.
    NotHttp,
}

fn status_of(input: &[u8]) -> Status {
    const PREFIX: &[u8] = b"HTTP/";
    let n = input.len().min(PREFIX.len());
    if input[..n] != PREFIX[..n] {
        return Status::NotHttp;
    }
    let Some(space) = input.iter().position(|&b| b == b' ') else {
        // "HTTP/1.1" is 8 bytes; a version much longer is no status line.
        return if input.len() > 16 {
            Status::NotHttp
        } else {
            Status::Incomplete
        };
    };
    let code = &input[space + 1..];
    if code.len() < 3 {
        return if code.iter().all(u8::is_ascii_digit) {
            Status::Incomplete
        } else {
            Status::NotHttp
        };
    }
    match std::str::from_utf8(&code[..3])
        .ok()
        .and_then(|c| c.parse().ok())
    {
        Some(status) if code[..3].iter().all(u8::is_ascii_digit) => Status::Known(status),
        _ => Status::NotHttp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines() {
        assert_eq!(
            status_of(b"HTTP/1.1 501 Not Implemented\r\n"),
            Status::Known(501)
        );
        assert_eq!(status_of(b"HTTP/1.0 413"), Status::Known(413));
        assert_eq!(status_of(b""), Status::Incomplete);
        assert_eq!(status_of(b"HTT"), Status::Incomplete);
        assert_eq!(status_of(b"HTTP/1.1 5"), Status::Incomplete);
        assert_eq!(status_of(b"HTTP/1.1 +12"), Status::NotHttp);
        assert_eq!(status_of(b"HTTP/1.1 5x1 Odd"), Status::NotHttp);
        assert_eq!(status_of(b"SSH-2.0-OpenSSH"), Status::NotHttp);
        assert_eq!(status_of(b"HTTP/1.1111111111111111"), Status::NotHttp);
    }

    #[test]
    fn only_a_closed_or_stalled_connection_is_worth_a_look() {
        let io = |kind| ureq::Error::Io(io::Error::from(kind));
        assert!(write_cut(&io(io::ErrorKind::BrokenPipe)));
        assert!(write_cut(&io(io::ErrorKind::ConnectionReset)));
        assert!(write_cut(&ureq::Error::Timeout(ureq::Timeout::PerWrite)));
        assert!(!write_cut(&io(io::ErrorKind::PermissionDenied)));
        assert!(!write_cut(&ureq::Error::HostNotFound));
    }
}
