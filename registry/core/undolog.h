// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <vector>

// The undo steps of one capture (Registry::beginCapture). The parts of the registry record a step
// in each primitive that changes their state; rollBack() runs them newest first, so every entry
// ends as it was when the capture began. Outside a capture nothing is recorded.
class UndoLog
{
public:
    void begin();
    bool isRecording() const { return m_recording; }
    // Callers test isRecording() first, so that outside a capture no step is even built.
    void record(std::function<void()> step);
    void rollBack();

private:
    std::vector<std::function<void()>> m_steps;
    bool m_recording = false;
};
