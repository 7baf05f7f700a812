// SPDX-License-Identifier: GPL-3.0-or-later
#include <QSaveFile>   // before any header that defines open()

#include "history/historylog.h"
#include "history/historylogging.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace {
const QRegularExpression segmentName(QStringLiteral("^segment-(\\d{16})-(\\d{1,16})\\.jsonl$"));

QString systemError(int code)
{
    return QString::fromLocal8Bit(std::strerror(code));
}
}

HistoryLog::HistoryLog(QString directory, HistoryRetention retention, Limits limits)
    : m_directory {std::move(directory)}
    , m_retention {retention}
    , m_limits {limits}
{
    // A segment never holds more than a quarter of what is kept, so trimming keeps most of it.
    m_limits.segmentBytes = std::max<qint64>(4096, std::min(m_limits.segmentBytes, m_retention.maxBytes / 4));
    m_limits.segmentAgeMs = std::max<qint64>(1000, std::min(m_limits.segmentAgeMs, m_retention.maxAgeMs / 4));
}

HistoryLog::HistoryLog(QString directory, HistoryRetention retention)
    : HistoryLog(std::move(directory), retention, Limits {})
{
}

HistoryLog::~HistoryLog() = default;

QString HistoryLog::segmentPath(const Segment &segment) const
{
    return QStringLiteral("%1/segment-%2-%3.jsonl").arg(m_directory)
        .arg(segment.firstSequence, 16, 10, QLatin1Char('0')).arg(segment.startTime);
}

QString HistoryLog::snapshotPath(const Segment &segment) const
{
    return QStringLiteral("%1/snapshot-%2.json").arg(m_directory).arg(segment.firstSequence, 16, 10, QLatin1Char('0'));
}

QString HistoryLog::open(qint64 nowMs)
{
    if (!QDir().mkpath(m_directory))
        return QStringLiteral("cannot create the history directory %1").arg(m_directory);
    if (const QString error = recoverExisting(); !error.isEmpty())
        return error;
    if (!startSegment(nowMs))
        return m_error;
    trim(nowMs);
    return {};
}

// The state where the log left off: the last snapshot and the entries of its segment that can be read.
QString HistoryLog::recoverExisting()
{
    const QStringList names = QDir(m_directory).entryList({QStringLiteral("segment-*.jsonl")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        const QRegularExpressionMatch match = segmentName.match(name);
        if (match.hasMatch()) {
            m_segments.append({match.captured(1).toULongLong(), match.captured(2).toLongLong(),
                               QFileInfo(m_directory + u'/' + name).size()});
        }
    }
    if (m_segments.isEmpty())
        return {};
    const auto snapshot = loadSnapshot(m_segments.constLast());
    if (!snapshot) {
        const QString aside = m_directory + QStringLiteral(".corrupt-")
            + QDateTime::currentDateTimeUtc().toString(u"yyyyMMddHHmmss");
        m_segments.clear();
        if (!QDir().rename(m_directory, aside) || !QDir().mkpath(m_directory))
            return QStringLiteral("the history in %1 is unreadable and cannot be moved aside").arg(m_directory);
        qCWarning(lcHistory).noquote() << "the history in" << m_directory << "is unreadable; moved it aside to" << aside;
        return {};
    }
    m_snapshot = *snapshot;
    m_tail = readSegment(m_segments.constLast());
    m_written = m_tail.size();
    m_nextSequence = m_tail.isEmpty() ? m_snapshot.sequence : m_tail.constLast().sequence + 1;
    return {};
}

void HistoryLog::append(HistoryEntry entry)
{
    entry.sequence = m_nextSequence++;
    m_tail.append(std::move(entry));
}

bool HistoryLog::flush(qint64 nowMs)
{
    if (m_written < m_tail.size()) {
        QByteArray lines;
        for (qsizetype i = m_written; i < m_tail.size(); ++i)
            lines += QJsonDocument(m_tail.at(i).toJson()).toJson(QJsonDocument::Compact) + '\n';
        if (m_file.write(lines) != lines.size() || !m_file.flush()) {
            m_error = QStringLiteral("cannot write the history %1: %2").arg(m_file.fileName(), m_file.errorString());
            return false;
        }
#ifdef Q_OS_UNIX
        if (::fdatasync(m_file.handle()) != 0) {
            m_error = QStringLiteral("cannot sync the history %1: %2").arg(m_file.fileName(), systemError(errno));
            return false;
        }
#endif
        m_segments.last().bytes += lines.size();
        m_written = m_tail.size();
    }
    if (needsRotation(nowMs)) {
        if (!startSegment(nowMs))
            return false;
        trim(nowMs);
    }
    return true;
}

bool HistoryLog::needsRotation(qint64 nowMs) const
{
    if (m_tail.isEmpty())
        return false;
    const Segment &current = m_segments.constLast();
    return current.bytes >= m_limits.segmentBytes || m_tail.size() >= m_limits.segmentEntries
        || nowMs - current.startTime >= m_limits.segmentAgeMs;
}

// The snapshot of everything so far (QSaveFile, synced), then an empty segment after it.
bool HistoryLog::startSegment(qint64 nowMs)
{
    for (const HistoryEntry &entry : std::as_const(m_tail))
        m_snapshot.apply(entry);
    m_snapshot.sequence = m_nextSequence;
    const Segment segment {m_nextSequence, std::max(nowMs, m_snapshot.timestamp), 0};
    m_snapshot.timestamp = segment.startTime;
    QSaveFile snapshotFile(snapshotPath(segment));
    const QByteArray document = m_snapshot.encode();
    if (!snapshotFile.open(QIODevice::WriteOnly) || snapshotFile.write(document) != document.size()
        || !snapshotFile.flush()
#ifdef Q_OS_UNIX
        || ::fsync(snapshotFile.handle()) != 0
#endif
        || !snapshotFile.commit()) {
        m_error = QStringLiteral("cannot write the history snapshot %1: %2").arg(snapshotFile.fileName(),
                                                                                 snapshotFile.errorString());
        return false;
    }
    m_file.close();
    m_file.setFileName(segmentPath(segment));
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        m_error = QStringLiteral("cannot create the history segment %1: %2").arg(m_file.fileName(), m_file.errorString());
        return false;
    }
    m_segments.append(segment);
    m_tail.clear();
    m_written = 0;
    return syncDirectory();
}

// Whole segments go, oldest first, while they are older than the retention allows or the log would
// outgrow it once the new segment is full; the one being written stays.
void HistoryLog::trim(qint64 nowMs)
{
    const qint64 budget = m_retention.maxBytes - m_limits.segmentBytes;
    qint64 total = diskBytes();
    while (m_segments.size() > 1) {
        const Segment &oldest = m_segments.constFirst();
        const bool tooOld = m_segments.at(1).startTime < nowMs - m_retention.maxAgeMs;
        if (!tooOld && total <= budget)
            break;
        total -= oldest.bytes;
        QFile::remove(segmentPath(oldest));
        QFile::remove(snapshotPath(oldest));
        m_segments.removeFirst();
    }
}

bool HistoryLog::syncDirectory()
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(m_directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        m_error = QStringLiteral("cannot sync the history directory %1: %2").arg(m_directory, systemError(errno));
        if (fd >= 0)
            ::close(fd);
        return false;
    }
    ::close(fd);
#endif
    return true;
}

std::optional<HistoryState> HistoryLog::loadSnapshot(const Segment &segment) const
{
    QFile file(snapshotPath(segment));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return HistoryState::decode(file.readAll());
}

// A line that cannot be read (the last one, cut short by a crash) is skipped.
QList<HistoryEntry> HistoryLog::readSegment(const Segment &segment) const
{
    QList<HistoryEntry> entries;
    QFile file(segmentPath(segment));
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (auto entry = HistoryEntry::fromJson(document.object()))
            entries.append(std::move(*entry));
    }
    return entries;
}

QList<HistoryEntry> HistoryLog::entries(qint64 from, qint64 to, qsizetype limit) const
{
    QList<HistoryEntry> found;
    const auto take = [&](const QList<HistoryEntry> &entries) {
        for (const HistoryEntry &entry : entries) {
            if (found.size() >= limit || entry.timestamp > to)
                return;
            if (entry.timestamp >= from)
                found.append(entry);
        }
    };
    for (qsizetype i = 0; i + 1 < m_segments.size(); ++i) {
        if (m_segments.at(i + 1).startTime >= from && m_segments.at(i).startTime <= to)
            take(readSegment(m_segments.at(i)));
    }
    take(m_tail);
    return found;
}

std::optional<HistoryState> HistoryLog::stateAt(qint64 time) const
{
    const auto after = std::upper_bound(m_segments.cbegin(), m_segments.cend(), time,
                                        [](qint64 t, const Segment &segment) { return t < segment.startTime; });
    if (after == m_segments.cbegin())
        return std::nullopt;
    const Segment &segment = *(after - 1);
    const bool current = after == m_segments.cend();
    std::optional<HistoryState> state = current ? std::optional(m_snapshot) : loadSnapshot(segment);
    if (!state)
        return std::nullopt;
    for (const HistoryEntry &entry : current ? m_tail : readSegment(segment)) {
        if (entry.timestamp > time)
            break;
        state->apply(entry);
    }
    return state;
}

qint64 HistoryLog::earliestTime() const
{
    return m_segments.isEmpty() ? 0 : m_segments.constFirst().startTime;
}

qint64 HistoryLog::diskBytes() const
{
    qint64 total = 0;
    for (const Segment &segment : m_segments)
        total += segment.bytes;
    return total;
}
