// SPDX-License-Identifier: GPL-3.0-or-later
// Cluster mode's key layout alone (docs/etcd.md, "Keys"): what each key looks like, that any id is
// one percent-encoded segment, that parsing gives back what built the key, and the prefix's range.
#include "store/etcdkeylayout.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestEtcdKeyLayout : public QObject
{
    Q_OBJECT

private slots:
    void keysSitUnderThePrefix()
    {
        const EtcdKeyLayout layout("/muster/");
        QCOMPARE(layout.serviceKey(u"svc-1"_s), "/muster/services/svc-1");
        QCOMPARE(layout.instanceKey(u"MYAPP"_s, u"i1"_s), "/muster/instances/MYAPP/i1");
        QCOMPARE(layout.cancelMarkerKey(u"MYAPP"_s, u"i1"_s), "/muster/cancelled/MYAPP/i1");
    }

    void appsAreNormalizedAsTheRegistryNamesThem()
    {
        const EtcdKeyLayout layout("/muster/");
        QCOMPARE(layout.instanceKey(u"myApp"_s, u"i1"_s), layout.instanceKey(u"MYAPP"_s, u"i1"_s));
        QCOMPARE(layout.cancelMarkerKey(u"myApp"_s, u"i1"_s), "/muster/cancelled/MYAPP/i1");
    }

    void anIdIsOneSegment()
    {
        const EtcdKeyLayout layout("/p/");
        QCOMPARE(layout.instanceKey(u"APP"_s, u"host:app:8080"_s), "/p/instances/APP/host:app:8080");
        QCOMPARE(layout.instanceKey(u"APP"_s, u"a/b%c d"_s), "/p/instances/APP/a%2Fb%25c%20d");
        QCOMPARE(layout.serviceKey(u"x/y"_s), "/p/services/x%2Fy");
    }

    void parsingGivesBackWhatBuiltTheKey_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("second");
        QTest::newRow("plain") << u"APP"_s << u"i1"_s;
        QTest::newRow("slash and percent") << u"APP"_s << u"a/b%c"_s;
        QTest::newRow("colons") << u"APP"_s << u"host:app:8080"_s;
        QTest::newRow("unicode") << u"APP"_s << u"实例-1"_s;
    }

    void parsingGivesBackWhatBuiltTheKey()
    {
        QFETCH(QString, first);
        QFETCH(QString, second);
        const EtcdKeyLayout layout("/muster/");

        const EtcdKeyLayout::ParsedKey instance = layout.parse(layout.instanceKey(first, second));
        QCOMPARE(instance.kind, EtcdKeyLayout::Kind::Instance);
        QCOMPARE(instance.first, first);
        QCOMPARE(instance.second, second);

        const EtcdKeyLayout::ParsedKey marker = layout.parse(layout.cancelMarkerKey(first, second));
        QCOMPARE(marker.kind, EtcdKeyLayout::Kind::CancelMarker);
        QCOMPARE(marker.first, first);
        QCOMPARE(marker.second, second);

        const EtcdKeyLayout::ParsedKey service = layout.parse(layout.serviceKey(second));
        QCOMPARE(service.kind, EtcdKeyLayout::Kind::Service);
        QCOMPARE(service.first, second);
        QVERIFY(service.second.isEmpty());
    }

    void accountsAndTheTokenKeySitUnderThePrefix()
    {
        const EtcdKeyLayout layout("/muster/");
        QCOMPARE(layout.accountKey(u"ops"_s), "/muster/accounts/ops");
        QVERIFY(layout.accountKey(u"ops"_s).startsWith(layout.accountsPrefix()));
        QCOMPARE(layout.tokenKeyKey(), "/muster/auth/token-key");
        const EtcdKeyLayout::ParsedKey account = layout.parse(layout.accountKey(u"a.b-c"_s));
        QCOMPARE(account.kind, EtcdKeyLayout::Kind::Account);
        QCOMPARE(account.first, u"a.b-c"_s);
        QCOMPARE(layout.parse(layout.tokenKeyKey()).kind, EtcdKeyLayout::Kind::TokenKey);
    }

    void otherKeysAreUnknown_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("other prefix") << QByteArray("/other/services/svc");
        QTest::newRow("prefix alone") << QByteArray("/muster/");
        QTest::newRow("unknown kind") << QByteArray("/muster/leases/1");
        QTest::newRow("service with two segments") << QByteArray("/muster/services/a/b");
        QTest::newRow("instance with one segment") << QByteArray("/muster/instances/APP");
        QTest::newRow("instance with three segments") << QByteArray("/muster/instances/APP/i1/x");
        QTest::newRow("cancel marker with one segment") << QByteArray("/muster/cancelled/APP");
        QTest::newRow("account with two segments") << QByteArray("/muster/accounts/a/b");
        QTest::newRow("other auth key") << QByteArray("/muster/auth/other");
    }

    void otherKeysAreUnknown()
    {
        QFETCH(QByteArray, key);
        QCOMPARE(EtcdKeyLayout("/muster/").parse(key).kind, EtcdKeyLayout::Kind::Unknown);
    }

    void rangeEndIsThePrefixPlusOne()
    {
        QCOMPARE(EtcdKeyLayout("/muster/").rangeEnd(), "/muster0");
        QCOMPARE(EtcdKeyLayout("/prod/muster/").rangeEnd(), "/prod/muster0");
        QCOMPARE(EtcdKeyLayout(QByteArray("a\xff", 2)).rangeEnd(), "b");
        // No byte can be raised: the range runs to the end of the key space.
        QCOMPARE(EtcdKeyLayout(QByteArray("\xff\xff", 2)).rangeEnd(), QByteArray(1, '\0'));
    }

    void everyKeyOfThePrefixIsInItsRange()
    {
        const EtcdKeyLayout layout("/muster/");
        const QByteArray end = layout.rangeEnd();
        for (const QByteArray &key : {layout.serviceKey(u"s"_s), layout.instanceKey(u"A"_s, u"\xff"_s),
                                      layout.cancelMarkerKey(u"Z"_s, u"~~~"_s)}) {
            QVERIFY2(key >= layout.prefix() && key < end, key.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestEtcdKeyLayout)
#include "tst_etcdkeylayout.moc"
