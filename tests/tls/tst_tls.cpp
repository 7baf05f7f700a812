// SPDX-License-Identifier: GPL-3.0-or-later
// HTTPS end to end (docs/tls.md): nodes serving TLS on their port with certificates from a private
// CA made by openssl, peers replicating over https, a bridge reading an https registry, and clients
// that refuse a certificate from a CA they do not trust.

#include "eurekatestnode.h"
#include "replicationharness.h"
#include "testpki.h"

#include "http/httptransport.h"
#include "tls/tlsfiles.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using H = ReplicationHarness;

namespace {
constexpr int convergeMs = 15000;

QUrl httpsServiceUrl(quint16 port)
{
    return QUrl(u"https://127.0.0.1:%1/eureka/"_s.arg(port));
}
}

class TlsTest : public QObject
{
    Q_OBJECT

private:
    TestPki m_pki;

    NodeConfig tlsConfig(const QString &name, quint16 port, const QList<QUrl> &peers = {}, bool stranger = false) const
    {
        NodeConfig config = H::config(name, port, peers);
        config.tls.certificate = stranger ? m_pki.strangerCert() : m_pki.trustedCert();
        config.tls.privateKey = stranger ? m_pki.strangerKey() : m_pki.trustedKey();
        config.tls.caCertificates = m_pki.trustedCa();
        return config;
    }

    std::unique_ptr<EurekaTestNode> startTlsNode(NodeConfig config)
    {
        auto node = std::make_unique<EurekaTestNode>(std::move(config));
        node->setClientTls(m_pki.trustingClient());
        return node;
    }

private slots:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        QVERIFY2(m_pki.create(), qPrintable(m_pki.error()));
    }

    void servesHttpsOnItsPort()
    {
        auto node = startTlsNode(tlsConfig(u"tls-a"_s, 0));
        QVERIFY(node->start());
        QVERIFY(node->url(u"/"_s).toString().startsWith(u"https://"));
        QVERIFY_STATUS(node->registerJson(H::instance(u"ORDERS"_s, u"o1:orders:1"_s, 1000)), 204);
        QVERIFY(H::has(*node, u"ORDERS"_s, u"o1:orders:1"_s));
        // The node names itself with https, as peers and the console must reach it.
        QCOMPARE(node->nodeStatus().value(u"url").toString(), u"https://127.0.0.1:%1"_s.arg(node->port()));
    }

    void plainHttpOnTheTlsPortIsDroppedAndTheNodeServesOn()
    {
        auto node = startTlsNode(tlsConfig(u"tls-plain"_s, 0));
        QVERIFY(node->start());
        QTcpSocket plain;
        plain.connectToHost(QHostAddress::LocalHost, node->port());
        QVERIFY(plain.waitForConnected(5000));
        plain.write("GET /eureka/apps HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(plain.state() == QAbstractSocket::UnconnectedState, 10000);
        QVERIFY(!plain.readAll().startsWith("HTTP/1.1 200"));
        QVERIFY(H::servesReads(*node));
    }

    void limitsHoldOverTls()
    {
        NodeConfig config = tlsConfig(u"tls-limits"_s, 0);
        config.maxBodyBytes = 1024;
        auto node = startTlsNode(config);
        QVERIFY(node->start());
        const HttpReply reply = node->raw("POST /eureka/apps/ORDERS HTTP/1.1\r\n" + node->hostHeader()
                                          + "Content-Type: application/json\r\nContent-Length: 1048576\r\n\r\n");
        QVERIFY_STATUS(reply, 413);
        QVERIFY(reply.json().value(u"error").toString().contains(u"larger than"));
        QVERIFY(H::servesReads(*node));
    }

    void stalledHandshakeIsClosed()
    {
        GuardedTcpServer::Limits limits;
        limits.handshakeTimeoutMs = 300;
        HttpTransport transport([](HttpRequest &) { return HttpResponse::json(QJsonObject {}); }, limits);
        const TlsLoad server = Tls::serverConfiguration({m_pki.trustedCert(), m_pki.trustedKey(), {}});
        QVERIFY2(server.ok(), qPrintable(server.error));
        transport.setTlsConfiguration(server.configuration);
        QVERIFY(transport.listen(QHostAddress::LocalHost, 0));
        QTcpSocket silent;
        silent.connectToHost(QHostAddress::LocalHost, transport.port());
        QVERIFY(silent.waitForConnected(5000));
        QTRY_VERIFY_WITH_TIMEOUT(silent.state() == QAbstractSocket::UnconnectedState, 5000);
    }

    void unreadableOrMismatchedMaterialFailsTheStart()
    {
        NodeConfig config = tlsConfig(u"tls-bad"_s, 0);
        config.tls.privateKey = m_pki.trustedCa();   // a certificate, not a key
        EurekaTestNode node(config);
        QVERIFY(!node.start());
        const TlsLoad noCa = Tls::clientConfiguration(m_pki.path(u"server.ext"_s));
        QVERIFY(!noCa.ok());
        QVERIFY(noCa.error.contains(u"no PEM certificate"));
    }

    void peersReplicateOverHttpsWithAPrivateCa()
    {
        const QList<quint16> ports = H::reservePorts(3);
        std::vector<std::unique_ptr<EurekaTestNode>> nodes;
        for (int i = 0; i < 3; ++i) {
            QList<QUrl> peers;
            for (int j = 0; j < 3; ++j) {
                if (j != i)
                    peers.append(httpsServiceUrl(ports[j]));
            }
            nodes.push_back(startTlsNode(tlsConfig(u"tls-peer-%1"_s.arg(i), ports[i], peers)));
        }
        for (auto &node : nodes)
            QVERIFY(node->start());
        for (auto &node : nodes)
            QTRY_VERIFY_WITH_TIMEOUT(H::servesReads(*node), convergeMs);

        QVERIFY_STATUS(nodes[0]->registerJson(H::instance(u"PAYMENTS"_s, u"p1:payments:1"_s, 1000)), 204);
        QTRY_VERIFY_WITH_TIMEOUT(H::has(*nodes[1], u"PAYMENTS"_s, u"p1:payments:1"_s), convergeMs);
        QTRY_VERIFY_WITH_TIMEOUT(H::has(*nodes[2], u"PAYMENTS"_s, u"p1:payments:1"_s), convergeMs);
        QVERIFY_STATUS(nodes[1]->del(u"/eureka/apps/PAYMENTS/p1:payments:1"_s), 200);
        QTRY_VERIFY_WITH_TIMEOUT(!H::has(*nodes[0], u"PAYMENTS"_s, u"p1:payments:1"_s), convergeMs);
        QTRY_VERIFY_WITH_TIMEOUT(!H::has(*nodes[2], u"PAYMENTS"_s, u"p1:payments:1"_s), convergeMs);
        QCOMPARE(H::peerState(*nodes[0], ports[1]).value(u"state").toString(), u"reachable"_s);
        QVERIFY(H::peerState(*nodes[0], ports[1]).value(u"url").toString().startsWith(u"https://"));
    }

    void peerRefusesACertificateFromAnUnknownCa()
    {
        const QList<quint16> ports = H::reservePorts(2);
        auto sender = startTlsNode(tlsConfig(u"tls-sender"_s, ports[0], {httpsServiceUrl(ports[1])}));
        auto stranger = startTlsNode(tlsConfig(u"tls-stranger"_s, ports[1], {}, true));
        QVERIFY(stranger->start());
        QVERIFY(sender->start());
        QTRY_VERIFY_WITH_TIMEOUT(H::servesReads(*sender), convergeMs);

        QVERIFY_STATUS(sender->registerJson(H::instance(u"ORDERS"_s, u"o2:orders:1"_s, 1000)), 204);
        QTRY_COMPARE_WITH_TIMEOUT(H::peerState(*sender, ports[1]).value(u"state").toString(), u"unreachable"_s,
                                  convergeMs);
        QVERIFY(!H::peerState(*sender, ports[1]).value(u"lastError").toString().isEmpty());
        stranger->setClientTls(Tls::clientConfiguration(m_pki.path(u"stranger-ca.pem"_s)).configuration);
        QVERIFY(!H::has(*stranger, u"ORDERS"_s, u"o2:orders:1"_s));
    }

    void clientRefusesACertificateFromAnUnknownCa()
    {
        auto stranger = startTlsNode(tlsConfig(u"tls-unknown"_s, 0, {}, true));
        QVERIFY(stranger->start());
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);
        QNetworkRequest request(stranger->url(u"/eureka/apps"_s));
        request.setSslConfiguration(m_pki.trustingClient());
        std::unique_ptr<QNetworkReply> reply {network.get(request)};
        QSignalSpy sslErrors(reply.get(), &QNetworkReply::sslErrors);
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->error(), QNetworkReply::SslHandshakeFailedError);
        QVERIFY(!sslErrors.isEmpty());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 0);
    }

    void bridgeReadsAnHttpsRegistry()
    {
        auto external = startTlsNode(tlsConfig(u"tls-external"_s, 0));
        QVERIFY(external->start());
        QVERIFY_STATUS(external->registerJson(H::instance(u"BILLING"_s, u"b1:billing:1"_s, 1000)), 204);

        NodeConfig config = H::config(u"tls-bridging"_s, 0);
        config.tls.caCertificates = m_pki.trustedCa();
        config.bridges = {{BridgeState::Kind::Eureka, httpsServiceUrl(external->port())}};
        config.bridgeSettings.pollIntervalMs = 100;
        EurekaTestNode bridging(config);
        QVERIFY(bridging.start());
        QTRY_VERIFY_WITH_TIMEOUT(H::has(bridging, u"BILLING"_s, u"b1:billing:1"_s), convergeMs);
    }

    void bridgeRefusesAnHttpsRegistryWithAnUnknownCa()
    {
        auto external = startTlsNode(tlsConfig(u"tls-external-stranger"_s, 0, {}, true));
        QVERIFY(external->start());

        NodeConfig config = H::config(u"tls-bridging-careful"_s, 0);
        config.tls.caCertificates = m_pki.trustedCa();
        config.bridges = {{BridgeState::Kind::Eureka, httpsServiceUrl(external->port())}};
        config.bridgeSettings.pollIntervalMs = 100;
        EurekaTestNode bridging(config);
        QVERIFY(bridging.start());
        const auto bridgeError = [&] {
            const QJsonArray bridges = bridging.get(u"/muster/api/v1/bridges"_s).json().value(u"bridges").toArray();
            return bridges.isEmpty() ? QString() : bridges.first().toObject().value(u"lastError").toString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!bridgeError().isEmpty(), convergeMs);
    }
};

QTEST_GUILESS_MAIN(TlsTest)
#include "tst_tls.moc"
