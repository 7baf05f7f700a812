// SPDX-License-Identifier: GPL-3.0-or-later
// journal.json as a node finds it at start: any bytes, from a crash, a disk or a hand edit.
#include "store/journal.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray document = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    qsizetype unreadable = 0;
    QString error;
    const auto entries = Journal::decode(document, &unreadable, &error);
    if (!entries && error.isEmpty())
        std::abort();   // a journal that cannot be read says why
    if (entries && unreadable < 0)
        std::abort();
    if (entries)
        Journal::decode(Journal::encode(*entries), &unreadable, &error);
    return 0;
}
