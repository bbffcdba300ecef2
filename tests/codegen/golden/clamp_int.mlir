// ---- kernel0: r0:cc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r0 = arith.divsi %row, %tiles : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    %v5 = arith.constant -3 : i64
    %v6 = arith.constant 5 : i64
    scf.for %v7 = %c0 to %vend16 step %cw16 : i64 {
      %v10 = arith.addi %base0, %v7 : i64
      %v11 = llvm.getelementptr %ptr0[%v10] : (!llvm.ptr, i64) -> !llvm.ptr, i64
      %v9 = llvm.load %v11 {alignment = 8 : i64} : !llvm.ptr -> vector<16xi64>
      %v12 = vector.broadcast %v5 : i64 to vector<16xi64>
      %v13 = arith.cmpi slt, %v9, %v12 : vector<16xi64>
      %v14 = arith.select %v13, %v12, %v9 : vector<16xi1>, vector<16xi64>
      %v15 = vector.broadcast %v6 : i64 to vector<16xi64>
      %v16 = arith.cmpi sgt, %v14, %v15 : vector<16xi64>
      %v17 = arith.select %v16, %v15, %v14 : vector<16xi1>, vector<16xi64>
      %v18 = arith.muli %v17, %v9 : vector<16xi64>
      %v19 = arith.addi %base1, %v7 : i64
      %v20 = llvm.getelementptr %ptr1[%v19] : (!llvm.ptr, i64) -> !llvm.ptr, i64
      llvm.store %v18, %v20 {alignment = 8 : i64} : vector<16xi64>, !llvm.ptr
    }
    scf.for %v21 = %vend16 to %len step %c1 : i64 {
      %v24 = arith.addi %base0, %v21 : i64
      %v25 = llvm.getelementptr %ptr0[%v24] : (!llvm.ptr, i64) -> !llvm.ptr, i64
      %v23 = llvm.load %v25 {alignment = 8 : i64} : !llvm.ptr -> i64
      %v26 = arith.cmpi slt, %v23, %v5 : i64
      %v27 = arith.select %v26, %v5, %v23 : i64
      %v28 = arith.cmpi sgt, %v27, %v6 : i64
      %v29 = arith.select %v28, %v6, %v27 : i64
      %v30 = arith.muli %v29, %v23 : i64
      %v31 = arith.addi %base1, %v21 : i64
      %v32 = llvm.getelementptr %ptr1[%v31] : (!llvm.ptr, i64) -> !llvm.ptr, i64
      llvm.store %v30, %v32 {alignment = 8 : i64} : i64, !llvm.ptr
    }
  }
  return
}
