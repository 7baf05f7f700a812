// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/instancehistorydialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString originText(const HistoryClient::Record &record)
{
    QString text = record.origin;
    if (!record.account.isEmpty())
        text += u' ' + record.account;
    if (!record.address.isEmpty())
        text += QStringLiteral(" (%1)").arg(record.address);
    return text;
}
}

InstanceHistoryDialog::InstanceHistoryDialog(const QUrl &node, const QString &app, const QString &instanceId,
                                             QWidget *parent)
    : QDialog {parent}
    , m_app {app}
    , m_instanceId {instanceId}
    , m_summary {new QLabel(tr("Reading the history…"), this)}
    , m_entries {new QTreeWidget(this)}
{
    setWindowTitle(tr("History of %1").arg(instanceId));
    m_entries->setHeaderLabels({tr("Time"), tr("What happened"), tr("Status"), tr("By")});
    m_entries->setRootIsDecorated(false);
    m_entries->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_entries, 1);
    layout->addWidget(buttons);
    resize(760, 420);

    auto *client = new HistoryClient(this);
    client->requestChanges(node, 0, QDateTime::currentMSecsSinceEpoch(), [this](const auto &changes, const QString &error) {
        if (!changes) {
            m_summary->setText(tr("The history cannot be read: %1").arg(error));
            emit loaded();
            return;
        }
        showChanges(*changes);
    });
}

QString InstanceHistoryDialog::describe(const HistoryClient::Record &record)
{
    if (record.event == u"registered")
        return tr("Registered");
    if (record.event == u"cancelled")
        return tr("Deregistered");
    if (record.event == u"expired")
        return tr("Lease expired");
    if (record.event == u"status-changed")
        return tr("Status override set to %1").arg(statusName(record.overriddenStatus));
    if (record.event == u"status-corrected")
        return tr("Status corrected by a heartbeat");
    if (record.event == u"override-removed")
        return tr("Status override removed");
    if (record.event == u"metadata-changed")
        return tr("Metadata changed");
    if (record.event == u"renewals-stopped")
        return tr("Renewals stopped (last one at %1)").arg(timeText(record.lastRenewal));
    if (record.event == u"renewals-resumed")
        return tr("Renewals resumed after a gap of %1 s").arg((record.time - record.lastRenewal) / 1000);
    return record.event;
}

void InstanceHistoryDialog::showChanges(const HistoryClient::Changes &changes)
{
    int count = 0;
    for (const HistoryClient::Record &record : changes.records) {
        if (record.app != m_app || record.instanceId != m_instanceId)
            continue;
        const bool hasStatus = record.event != u"renewals-stopped" && record.event != u"renewals-resumed";
        new QTreeWidgetItem(m_entries, {timeText(record.time), describe(record),
                                        hasStatus ? statusName(record.status) : QString(), originText(record)});
        ++count;
    }
    m_summary->setText(count == 0 ? tr("Nothing recorded about %1 since %2.").arg(m_instanceId, timeText(changes.earliest))
                                  : tr("%n change(s) recorded about %1 since %2.", nullptr, count)
                                        .arg(m_instanceId, timeText(changes.earliest)));
    for (int column = 0; column < m_entries->columnCount(); ++column)
        m_entries->resizeColumnToContents(column);
    emit loaded();
}
