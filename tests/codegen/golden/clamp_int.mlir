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
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr0 = arith.divsi %begin, %stiles1 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:1 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st) -> (i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ntstart = arith.muli %nt, %tile : i64
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
    scf.for %v9 = %c0 to %vend16 step %cw16 : i64 {
      %v12 = arith.addi %base0, %v9 : i64
      %v13 = llvm.getelementptr %ptr0[%v12] : (!llvm.ptr, i64) -> !llvm.ptr, i64
      %v14 = llvm.load %v13 {alignment = 8 : i64} : !llvm.ptr -> vector<16xi64>
      %v15 = vector.broadcast %v5 : i64 to vector<16xi64>
      %v16 = arith.cmpi slt, %v14, %v15 : vector<16xi64>
      %v17 = arith.select %v16, %v15, %v14 : vector<16xi1>, vector<16xi64>
      %v18 = vector.broadcast %v6 : i64 to vector<16xi64>
      %v19 = arith.cmpi sgt, %v17, %v18 : vector<16xi64>
      %v20 = arith.select %v19, %v18, %v17 : vector<16xi1>, vector<16xi64>
      %v21 = arith.muli %v20, %v14 : vector<16xi64>
      %v22 = arith.addi %base1, %v9 : i64
      %v23 = llvm.getelementptr %ptr1[%v22] : (!llvm.ptr, i64) -> !llvm.ptr, i64
      llvm.store %v21, %v23 {alignment = 8 : i64} : vector<16xi64>, !llvm.ptr
    }
    %v24 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v24 {
      %v27 = arith.subi %len, %vend16 : i64
      %v28 = arith.index_cast %v27 : i64 to index
      %v29 = vector.create_mask %v28 : vector<16xi1>
      %v31 = arith.addi %base0, %vend16 : i64
      %v32 = llvm.getelementptr %ptr0[%v31] : (!llvm.ptr, i64) -> !llvm.ptr, i64
      %v34 = llvm.mlir.zero : vector<16xi64>
      %v33 = llvm.intr.masked.load %v32, %v29, %v34 {alignment = 8 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xi64>) -> vector<16xi64>
      %v35 = vector.broadcast %v5 : i64 to vector<16xi64>
      %v36 = arith.cmpi slt, %v33, %v35 : vector<16xi64>
      %v37 = arith.select %v36, %v35, %v33 : vector<16xi1>, vector<16xi64>
      %v38 = vector.broadcast %v6 : i64 to vector<16xi64>
      %v39 = arith.cmpi sgt, %v37, %v38 : vector<16xi64>
      %v40 = arith.select %v39, %v38, %v37 : vector<16xi1>, vector<16xi64>
      %v41 = arith.muli %v40, %v33 : vector<16xi64>
      %v42 = arith.addi %base1, %vend16 : i64
      %v43 = llvm.getelementptr %ptr1[%v42] : (!llvm.ptr, i64) -> !llvm.ptr, i64
      llvm.intr.masked.store %v41, %v43, %v29 {alignment = 8 : i32} : vector<16xi64>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt : i64
  }
  return
}
