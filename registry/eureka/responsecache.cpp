// SPDX-License-Identifier: GPL-3.0-or-later
#include "eureka/responsecache.h"

#include "http/gzip.h"

ResponseCache::Entry &ResponseCache::entry(const QString &key, quint64 version, const Encoder &encode)
{
    if (version != m_version) {
        m_entries.clear();
        m_version = version;
    }
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        it = m_entries.insert(key, Entry {encode(), {}});
    return *it;
}

QByteArray ResponseCache::plain(const QString &key, quint64 version, const Encoder &encode)
{
    return entry(key, version, encode).plain;
}

QByteArray ResponseCache::gzipped(const QString &key, quint64 version, const Encoder &encode)
{
    Entry &cached = entry(key, version, encode);
    if (cached.gzipped.isEmpty())
        cached.gzipped = gzipCompress(cached.plain);
    return cached.gzipped;
}
