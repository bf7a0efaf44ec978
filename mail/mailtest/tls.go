package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Secure is how NewSecure's server protects its connections.
type Secure struct {
	Implicit bool   // TLS from the first byte (else STARTTLS, required before MAIL)
	User     string // a login is required when set (AUTH PLAIN)
	Password string
}

// NewSecure starts a server with a certificate of its own for 127.0.0.1;
// Roots is what a client trusts to verify it.
func NewSecure(t testing.TB, sec Secure) (*Server, *x509.CertPool) {
	t.Helper()
	cert, roots := selfSigned(t)
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, addr: l.Addr().String(), sec: &sec}
	if sec.Implicit {
		l = tls.NewListener(l, cfg)
	}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	if !sec.Implicit {
		srv.TLSConfig = cfg
	}
	s.srv = srv
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(s.Stop)
	return s, roots
}

func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, roots
}

// AuthMechanisms offers PLAIN when a login is required.
func (x *session) AuthMechanisms() []string {
	if x.s.sec == nil || x.s.sec.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

// Auth checks the login.
func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if x.s.sec == nil || user != x.s.sec.User || pass != x.s.sec.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}
		}
		x.authed = true
		return nil
	}), nil
}

// Logins says whether the connection logged in (and the server needs it).
func (x *session) needsLogin() bool {
	return x.s.sec != nil && x.s.sec.User != "" && !x.authed
}
