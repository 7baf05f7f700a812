// SPDX-License-Identifier: GPL-3.0-or-later
// The console and https registries (docs/tls.md): the connect dialog's CA file, a remote node
// serving HTTPS with a certificate from a private CA reached with that CA, and the translated
// message when its certificate is not trusted.

#include "testpki.h"

#include "dialogs/connectdialog.h"
#include "models/eventlogmodel.h"
#include "workspace.h"

#include "node/nodehandle.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

class TestConsoleTls : public QObject
{
    Q_OBJECT

private:
    TestPki m_pki;
    std::unique_ptr<NodeHandle> m_node;

    QString eventText(Workspace &workspace) const
    {
        QString text;
        for (int row = 0; row < workspace.events()->rowCount(); ++row)
            text += workspace.events()->eventAt(row).detail + u'\n';
        return text;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY2(m_pki.create(), qPrintable(m_pki.error()));
        NodeConfig config;
        config.name = u"far-tls"_s;
        config.port = 0;
        config.tls.certificate = m_pki.trustedCert();
        config.tls.privateKey = m_pki.trustedKey();
        m_node = std::make_unique<NodeHandle>(config);
        QSignalSpy started(m_node.get(), &NodeHandle::started);
        m_node->start();
        QVERIFY(started.wait(10000));
        QVERIFY(m_node->address().startsWith(u"https://"));
    }

    void cleanupTestCase()
    {
        m_node->stop();
    }

    void dialogChecksTheCaFile()
    {
        ConnectDialog dialog({}, nullptr);
        auto *caFile = dialog.findChild<QLineEdit *>(u"caFile"_s);
        auto *caError = dialog.findChild<QLabel *>(u"caFileError"_s);
        QPushButton *connectButton = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(caFile && caError);
        QVERIFY(connectButton->isEnabled());
        caFile->setText(m_pki.path(u"server.ext"_s));   // readable, but no certificate in it
        QVERIFY(!connectButton->isEnabled());
        QVERIFY(!caError->isHidden());
        QVERIFY(caError->text().contains(u"PEM"));
        caFile->setText(m_pki.trustedCa());
        QVERIFY(connectButton->isEnabled());
        QVERIFY(caError->isHidden());
        QCOMPARE(dialog.caFile(), m_pki.trustedCa());
    }

    void connectsToAnHttpsNodeWithItsCa()
    {
        Workspace workspace;
        RegistryConnection *remote = workspace.connectRemote(QUrl(m_node->address() + u"/eureka/"_s),
                                                             RemoteRegistry::Kind::Detect, m_pki.trustedCa());
        QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RegistryConnection::State::Running, 15000);

        Instance instance;
        instance.app = u"SECURE"_s;
        instance.instanceId = u"secure-1"_s;
        instance.hostName = u"secure.local"_s;
        instance.ipAddr = u"10.9.0.1"_s;
        QSignalSpy registered(this, &QObject::objectNameChanged);
        remote->registerInstance(instance, this, [this](const CommandResult &result) {
            QVERIFY2(result.ok, qPrintable(result.error));
            setObjectName(u"registered"_s);
        });
        QVERIFY(registered.wait(10000));
        workspace.shutdown();
    }

    void refusesAnUntrustedCertificateWithAClearMessage()
    {
        Workspace workspace;
        auto *remote = qobject_cast<RemoteRegistry *>(
            workspace.connectRemote(QUrl(m_node->address() + u"/eureka/"_s), RemoteRegistry::Kind::Eureka));
        QVERIFY(remote);
        QTRY_COMPARE_WITH_TIMEOUT(remote->state(), RegistryConnection::State::Unreachable, 15000);
        QVERIFY(remote->certificateRejected());
        QTRY_VERIFY(eventText(workspace).contains(u"certificate is not trusted"));
        workspace.shutdown();
    }
};

QTEST_MAIN(TestConsoleTls)
#include "tst_consoletls.moc"
