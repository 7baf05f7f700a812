// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <functional>

// Encoded read responses, valid for one version of the data they were encoded from. When the
// version moves on, every entry is dropped at once, so the cache never holds more than one
// generation: a full fetch of 10k instances is encoded once per change, not once per request.
class ResponseCache
{
public:
    using Encoder = std::function<QByteArray()>;

    // The plain bytes for key at version, encoding them on a miss.
    QByteArray plain(const QString &key, quint64 version, const Encoder &encode);
    // The gzip bytes of the same entry, compressing the plain bytes once.
    QByteArray gzipped(const QString &key, quint64 version, const Encoder &encode);

    qsizetype entryCount() const { return m_entries.size(); }

private:
    struct Entry
    {
        QByteArray plain;
        QByteArray gzipped;
    };

    Entry &entry(const QString &key, quint64 version, const Encoder &encode);

    quint64 m_version = 0;
    QHash<QString, Entry> m_entries;
};
