// Uses the installed C++ wrapper.
#include <cstdio>
#include <mmf.hpp>

int main() {
  auto m = mmf::map::anonymous(32);
  m.write_at(3, std::string_view("abc"));
  std::printf("consumer_cpp ok %llu\n", static_cast<unsigned long long>(m.length()));
  return m.length() == 32 ? 0 : 1;
}
