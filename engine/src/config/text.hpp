// Text helpers of the config module: UTF-8 counting and checking, cutting a
// message to length, trimming, joining, and the edit distance behind "did
// you mean ...?".
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace bnlab::text {

// Code points, not bytes: what a reader counts as characters.
int utf8_length(const std::string& s);

// Cut to at most max_bytes without splitting a UTF-8 sequence ("..." marks a cut).
std::string cut(const std::string& s, size_t max_bytes);

// The code points of valid UTF-8 text; false if the bytes are not UTF-8.
bool decode_utf8(const std::string& s, std::vector<char32_t>& out);

// Characters a reader cannot see or that reorder what they see: C0/C1
// controls, bidirectional controls (U+202A..U+202E, U+2066..U+2069, U+200E,
// U+200F, U+061C) and the other invisible format characters (Unicode's Cf:
// zero-width spaces and joiners, soft hyphen, word joiner, BOM, tags ...),
// and line/paragraph separators. A run name holding one could spoof a link.
bool is_hidden_char(char32_t c);

std::string trim(const std::string& s);
std::string join(const std::vector<std::string>& parts, const char* sep);
bool starts_with(const std::string& s, const std::string& prefix);
size_t edit_distance(const std::string& a, const std::string& b);

// "%.10g": short and exact enough for limits in messages.
std::string format_number(double x);

}  // namespace bnlab::text
