// SPDX-License-Identifier: GPL-3.0-or-later
// The one way a node's URL is built: a wildcard bind is advertised at the loopback of its family,
// IPv6 is bracketed, a host name stays as given, and the Eureka service URL is the base plus /eureka/.
#include "node/nodeconfig.h"
#include "node/nodeurl.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestNodeUrl : public QObject
{
    Q_OBJECT

private slots:
    void base_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("url");
        QTest::newRow("IPv4 loopback") << u"127.0.0.1"_s << u"http://127.0.0.1:8761"_s;
        QTest::newRow("IPv4 wildcard") << u"0.0.0.0"_s << u"http://127.0.0.1:8761"_s;
        QTest::newRow("IPv4 address") << u"10.0.0.7"_s << u"http://10.0.0.7:8761"_s;
        QTest::newRow("IPv6 loopback") << u"::1"_s << u"http://[::1]:8761"_s;
        QTest::newRow("IPv6 wildcard") << u"::"_s << u"http://[::1]:8761"_s;
        QTest::newRow("IPv6 address") << u"fd00::7"_s << u"http://[fd00::7]:8761"_s;
        QTest::newRow("host name") << u"registry.example.org"_s << u"http://registry.example.org:8761"_s;
    }

    void base()
    {
        QFETCH(QString, host);
        QFETCH(QString, url);
        QCOMPARE(NodeUrl::base(host, 8761), url);
        const QHostAddress address(host);
        if (!address.isNull())
            QCOMPARE(NodeUrl::base(address, 8761), url);
        QVERIFY(QUrl(url).isValid());
        QCOMPARE(QUrl(url).port(), 8761);
    }

    void specialAddresses_data()
    {
        QTest::addColumn<QHostAddress>("bind");
        QTest::addColumn<QString>("url");
        QTest::newRow("Any") << QHostAddress(QHostAddress::Any) << u"http://127.0.0.1:80"_s;
        QTest::newRow("AnyIPv4") << QHostAddress(QHostAddress::AnyIPv4) << u"http://127.0.0.1:80"_s;
        QTest::newRow("AnyIPv6") << QHostAddress(QHostAddress::AnyIPv6) << u"http://[::1]:80"_s;
        QTest::newRow("LocalHost") << QHostAddress(QHostAddress::LocalHost) << u"http://127.0.0.1:80"_s;
        QTest::newRow("LocalHostIPv6") << QHostAddress(QHostAddress::LocalHostIPv6) << u"http://[::1]:80"_s;
    }

    void specialAddresses()
    {
        QFETCH(QHostAddress, bind);
        QFETCH(QString, url);
        QCOMPARE(NodeUrl::base(bind, 80), url);
    }

    void eurekaServiceUrlIsTheBasePlusEureka_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("url");
        QTest::newRow("IPv4 loopback") << u"127.0.0.1"_s << u"http://127.0.0.1:8762/eureka/"_s;
        QTest::newRow("IPv4 wildcard") << u"0.0.0.0"_s << u"http://127.0.0.1:8762/eureka/"_s;
        QTest::newRow("IPv6 loopback") << u"::1"_s << u"http://[::1]:8762/eureka/"_s;
        QTest::newRow("IPv6 wildcard") << u"::"_s << u"http://[::1]:8762/eureka/"_s;
    }

    void eurekaServiceUrlIsTheBasePlusEureka()
    {
        QFETCH(QString, host);
        QFETCH(QString, url);
        const QUrl serviceUrl = NodeUrl::eurekaServiceUrl(QHostAddress(host), 8762);
        QCOMPARE(serviceUrl.toString(), url);
        QVERIFY(serviceUrl.isValid());
        // The host a client connects to: what a peer or the console resolves.
        QCOMPARE(QHostAddress(serviceUrl.host()), NodeUrl::advertisedAddress(QHostAddress(host)));
    }

    // A node serving TLS names itself with https, to its peers and the console alike.
    void aTlsNodeIsNamedWithHttps()
    {
        QCOMPARE(NodeUrl::base(QHostAddress(u"0.0.0.0"_s), 8443, NodeUrl::Scheme::Https), u"https://127.0.0.1:8443"_s);
        QCOMPARE(NodeUrl::eurekaServiceUrl(QHostAddress(u"::1"_s), 8443, NodeUrl::Scheme::Https).toString(),
                 u"https://[::1]:8443/eureka/"_s);
        NodeConfig config;
        QCOMPARE(config.scheme(), NodeUrl::Scheme::Http);
        config.tls.certificate = u"node.pem"_s;
        config.tls.privateKey = u"node.key"_s;
        QCOMPARE(config.scheme(), NodeUrl::Scheme::Https);
    }
};

QTEST_GUILESS_MAIN(TestNodeUrl)
#include "tst_nodeurl.moc"
