#include "advisor/predict/step_estimate.hpp"

#include <ostream>

namespace advise {

std::string to_string(FigureSource source) {
  switch (source) {
    case FigureSource::measured: return "measured";
    case FigureSource::transferred: return "transferred";
    case FigureSource::scaled: return "scaled";
    case FigureSource::specs: return "specs";
  }
  return "specs";
}

std::ostream& operator<<(std::ostream& out, FigureSource source) { return out << to_string(source); }

}  // namespace advise
