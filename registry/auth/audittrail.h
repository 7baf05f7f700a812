// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/registrychange.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

// The last writes a node attributed, newest last, for GET /muster/api/v1/audit: what changed, when,
// at which revision, and who wrote it (account, or anonymous, and remote address).
class AuditTrail
{
public:
    explicit AuditTrail(qsizetype capacity = 10000);

    void record(const RegistryChange &change);
    qsizetype size() const { return m_changes.size(); }
    // The newest limit entries, newest first.
    QJsonArray toJson(qsizetype limit) const;

    static QString kindName(RegistryChange::Kind kind);
    // The account a change shows: its author's, or "anonymous".
    static QString accountShown(const WriteAuthor &author);

private:
    // What an entry keeps of a change: not the whole instance, so 10 000 entries stay small.
    struct Entry
    {
        quint64 revision = 0;
        qint64 timestamp = 0;
        RegistryChange::Kind kind = RegistryChange::Kind::Registered;
        WriteOrigin origin = WriteOrigin::Client;
        WriteAuthor author;
        bool service = false;
        QString app;                   // or the service's name
        QString id;                    // the instance's or the service's
    };
    static QJsonObject entryJson(const Entry &entry);

    qsizetype m_capacity;
    QList<Entry> m_changes;
};
